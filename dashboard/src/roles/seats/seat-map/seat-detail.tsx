import type { SeatHistory } from "@sitewatch/hub/api-types";
import { useCallback, useEffect, useId, useMemo, useRef, useSyncExternalStore } from "react";
import { useApi } from "../../../app/app-context.js";
import { LoadState } from "../../../app/load-state.js";
import { useNow } from "../../../app/page-clock.js";
import { useResource } from "../../../app/use-resource.js";
import { formatDuration, formatTime } from "../../../i18n/format.js";
import { useLocale, useMessages } from "../../../i18n/locale.js";
import { seatMapMessages } from "./messages.js";
import { useSeatMap } from "./seat-map-context.js";
import { localMidnight, type TimelineEvent, timelineSegments, withLiveState } from "./seat-timeline.js";

/**
 * Side panel for one seat: its state now and today's timeline (a coloured bar and the list of
 * changes). Focus moves into it when it opens; Escape or the close button closes it.
 */
export function SeatDetail({ site, seat, onClose }: { site: string; seat: string; onClose(): void }) {
  const api = useApi();
  const { store } = useSeatMap();
  const t = useMessages(seatMapMessages);
  const { locale } = useLocale();
  const now = useNow();
  const titleId = useId();
  const closeButton = useRef<HTMLButtonElement>(null);
  const subscribe = useCallback((l: () => void) => store.subscribeSeat(seat, l), [store, seat]);
  const entry = useSyncExternalStore(subscribe, () => store.get(seat));
  const dayStart = useMemo(() => localMidnight(Date.now()), []);
  const history = useResource(
    () =>
      api.get<SeatHistory>(
        `/api/v1/sites/${encodeURIComponent(site)}/seats/${encodeURIComponent(seat)}/history`,
        {
          from: new Date(dayStart).toISOString(),
          limit: 1000,
        },
      ),
    // A new live state reloads the day, so the list gains the change with its stay or vacancy time.
    [api, site, seat, dayStart, entry?.since],
  );

  useEffect(() => closeButton.current?.focus(), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onClose]);

  const events: TimelineEvent[] = useMemo(
    () => withLiveState(history.data?.events ?? [], entry),
    [history.data, entry],
  );
  const segments = timelineSegments(events, dayStart, Math.max(now, dayStart + 1), entry);
  const span = Math.max(1, Math.max(now, dayStart + 1) - dayStart);
  const word = (state: string) => t(`state.${state}` as "state.empty");

  return (
    <aside className="seat-detail card" role="dialog" aria-labelledby={titleId}>
      <header>
        <h2 id={titleId}>{t("detail.title", { seat })}</h2>
        <button type="button" className="secondary" ref={closeButton} onClick={onClose}>
          {t("detail.close")}
        </button>
      </header>
      {entry && (
        <dl className="seat-facts">
          <dt>{t("detail.state")}</dt>
          <dd className={`state-${entry.state}`} data-detail-state={entry.state}>
            <span className="dot" /> {word(entry.state)}
          </dd>
          <dt>{t("detail.since")}</dt>
          <dd>{entry.since === null ? "–" : formatTime(entry.since, locale)}</dd>
          <dt>{t("detail.duration")}</dt>
          <dd>{entry.since === null ? "–" : formatDuration(now - entry.since, locale)}</dd>
          <dt>{t("detail.camera")}</dt>
          <dd>{entry.camera}</dd>
          <dt>{t("detail.device")}</dt>
          <dd>{entry.device}</dd>
        </dl>
      )}
      <h3>{t("detail.timeline")}</h3>
      <div className="timeline-bar" role="img" aria-label={t("detail.bar", { seat })}>
        {segments.map((s) => (
          <span
            key={s.start}
            className={`state-${s.state}`}
            data-segment={s.state}
            style={{ width: `${((s.end - s.start) / span) * 100}%` }}
            title={`${formatTime(s.start, locale)}–${formatTime(s.end, locale)} ${word(s.state)}`}
          />
        ))}
      </div>
      <div className="timeline-axis">
        <span>{formatTime(dayStart, locale)}</span>
        <span>{formatTime(now, locale)}</span>
      </div>
      {!history.data && <LoadState resource={history} />}
      {history.data?.truncated && <p className="empty">{t("detail.truncated")}</p>}
      {history.data && events.length === 0 && <p className="empty">{t("detail.noEvents")}</p>}
      <ol className="timeline-list">
        {[...events].reverse().map((e) => (
          <li key={`${e.at}-${e.to}`} data-event={e.to}>
            <time dateTime={new Date(e.at).toISOString()}>{formatTime(e.at, locale)}</time>{" "}
            <span>{t("detail.change", { from: word(e.from), to: word(e.to) })}</span>
            {e.stayMs !== undefined && (
              <span className="muted">
                {" "}
                · {t("detail.stayed", { duration: formatDuration(e.stayMs, locale) })}
              </span>
            )}
            {e.vacancyMs !== undefined && (
              <span className="muted">
                {" "}
                · {t("detail.vacant", { duration: formatDuration(e.vacancyMs, locale) })}
              </span>
            )}
          </li>
        ))}
      </ol>
    </aside>
  );
}
