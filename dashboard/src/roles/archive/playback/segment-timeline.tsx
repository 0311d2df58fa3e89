import { Fragment, useEffect } from "react";
import { useApi, useLive } from "../../../app/app-context.js";
import { LoadState } from "../../../app/load-state.js";
import { formatDuration, formatTime } from "../../../i18n/format.js";
import { useLocale, useMessages } from "../../../i18n/locale.js";
import { subscribeLive } from "../../../live/subscribe-live.js";
import {
  type ArchiveSegment,
  type CameraRef,
  newerSegmentFirst,
  type SegmentPage,
  segmentsPath,
} from "../archive-api.js";
import { formatBytes, recordingGapMs } from "../archive-format.js";
import { ListFooter } from "../list-footer.js";
import { useCursorList } from "../use-cursor-list.js";
import { playbackMessages } from "./messages.js";

const PAGE_SIZE = 50;
// The device's segment id is unique per camera; a replayed report carries a new event id, not a new one.
const segmentKey = (s: ArchiveSegment) => s.segment;

export interface SegmentTimelineProps {
  camera: CameraRef;
  /** The segment shown in the player, highlighted here. */
  playing?: string;
  onPlay(segment: ArchiveSegment): void;
}

/**
 * The camera's recorded segments, newest first, with the stretches nothing was recorded marked
 * between them; older ones page in with the hub's cursor and new ones arrive live as the device
 * closes them. Playing one fetches it from the device.
 */
export function SegmentTimeline({ camera, playing, onPlay }: SegmentTimelineProps) {
  const api = useApi();
  const live = useLive();
  const t = useMessages(playbackMessages);
  const { locale } = useLocale();
  const { site, device, camera: cameraId } = camera;
  const list = useCursorList<ArchiveSegment>(
    (cursor) =>
      api
        .get<SegmentPage>(segmentsPath({ site, device, camera: cameraId }), { limit: PAGE_SIZE, cursor })
        .then((page) => ({ items: page.segments, nextCursor: page.nextCursor })),
    segmentKey,
    newerSegmentFirst,
    [api, site, device, cameraId],
  );
  const { upsert } = list;

  useEffect(
    () =>
      subscribeLive(live.socket, "archive:segment", (event) => {
        if (event.site !== site || event.device !== device || event.camera !== cameraId) return;
        const { id, segment, uri, startedAt, durationMs, bytes, container, codec } = event.data;
        upsert({
          id,
          device,
          camera: cameraId,
          segment,
          uri,
          startedAt,
          durationMs,
          bytes,
          container,
          codec,
        });
      }),
    [live, upsert, site, device, cameraId],
  );

  const data = list.data;
  return (
    <section className="archive-timeline card" aria-labelledby="archive-timeline-title">
      <h2 id="archive-timeline-title">{t("timeline")}</h2>
      {!data ? (
        <LoadState resource={list} />
      ) : data.items.length === 0 ? (
        <p className="empty">{t("empty")}</p>
      ) : (
        <table className="segment-table" aria-busy={list.loading}>
          <thead>
            <tr>
              <th scope="col">{t("col.start")}</th>
              <th scope="col">{t("col.duration")}</th>
              <th scope="col">{t("col.size")}</th>
              <th scope="col">{t("col.codec")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("play")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((s, i) => {
              const newer = data.items[i - 1];
              const gap = newer ? recordingGapMs(s, newer.startedAt) : 0;
              const time = formatTime(s.startedAt, locale, true);
              const current = s.segment === playing;
              return (
                <Fragment key={s.segment}>
                  {gap > 0 && (
                    <tr className="segment-gap">
                      <td colSpan={5}>{t("gap", { duration: formatDuration(gap, locale) })}</td>
                    </tr>
                  )}
                  <tr data-segment={s.segment} className={current ? "segment-playing" : undefined}>
                    <td>{time}</td>
                    <td>{formatDuration(s.durationMs, locale)}</td>
                    <td>{formatBytes(s.bytes, locale)}</td>
                    <td>{s.codec}</td>
                    <td>
                      <button
                        type="button"
                        className={current ? "secondary" : undefined}
                        aria-label={t("playLabel", { time })}
                        onClick={() => onPlay(s)}
                      >
                        {current ? t("playing") : t("play")}
                      </button>
                    </td>
                  </tr>
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
      <ListFooter list={list} olderLabel={t("older")} liveNote={t("live")} />
    </section>
  );
}
