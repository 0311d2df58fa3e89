import type { Camera, CameraList } from "@sitewatch/hub/api-types";
import type { AnalysisJob } from "@sitewatch/shared-protocol";
import { Fragment, useCallback, useState } from "react";
import { useServices, useSite } from "../../app/app-context.js";
import { LoadState } from "../../app/load-state.js";
import { useResource } from "../../app/use-resource.js";
import { useMessages } from "../../i18n/locale.js";
import { type ArchiveSegment, type CameraRef, livePlaylistPath } from "./archive-api.js";
import { AnalysisJobs } from "./jobs/analysis-jobs.js";
import { LivePlayer } from "./live/live-player.js";
import { liveMessages } from "./live/messages.js";
import { archiveMessages } from "./messages.js";
import { SegmentPlayer } from "./playback/segment-player.js";
import { SegmentTimeline } from "./playback/segment-timeline.js";
import type { PlaybackTarget } from "./playback/use-playback.js";
import "./archive.css";

const cameraKey = (c: Pick<Camera, "device" | "id">) => `${c.device}/${c.id}`;

/**
 * The archive of one camera of the site: its live picture, its recorded segments (played on demand)
 * and the analysis of those segments. Every camera of the site is offered, whatever its role: the
 * archive is per camera, not per role.
 */
export default function ArchivePage() {
  const { api } = useServices();
  const { site } = useSite();
  const t = useMessages(archiveMessages);
  const cameras = useResource(() => api.get<CameraList>(`/api/v1/sites/${site.id}/cameras`), [api, site.id]);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const list = cameras.data?.cameras ?? [];
  const camera = list.find((c) => cameraKey(c) === chosen) ?? list[0];

  return (
    <section className="archive-page" aria-labelledby="archive-title">
      <h1 id="archive-title">{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      {!cameras.data ? (
        <LoadState resource={cameras} />
      ) : !camera ? (
        <p className="empty">{t("noCameras")}</p>
      ) : (
        <>
          <label className="camera-picker">
            {t("camera")}
            <select value={cameraKey(camera)} onChange={(e) => setChosen(e.target.value)}>
              {list.map((c) => (
                <option key={cameraKey(c)} value={cameraKey(c)}>
                  {c.device} / {c.name} ({c.id})
                </option>
              ))}
            </select>
          </label>
          {/* Keyed: another camera stops this one's stream and starts from a clean slate. */}
          <Fragment key={cameraKey(camera)}>
            <CameraArchive
              camera={{ site: site.id, device: camera.device, camera: camera.id }}
              name={camera.name}
            />
          </Fragment>
        </>
      )}
    </section>
  );
}

function CameraArchive({ camera, name }: { camera: CameraRef; name: string }) {
  const { api, sessions } = useServices();
  const t = useMessages(liveMessages);
  const [target, setTarget] = useState<PlaybackTarget | undefined>(undefined);
  const token = useCallback(() => sessions.get()?.accessToken, [sessions]);
  // A refused token is usually an expired one: any authenticated request refreshes it.
  const reauthorize = useCallback(
    () =>
      api.get("/api/v1/auth/me").then(
        () => true,
        () => false,
      ),
    [api],
  );
  const playSegment = useCallback(
    (s: ArchiveSegment) =>
      setTarget({
        ...camera,
        id: s.id,
        segment: s.segment,
        startedAt: s.startedAt,
        durationMs: s.durationMs,
        bytes: s.bytes,
        offsetMs: 0,
      }),
    [camera],
  );
  const jump = useCallback(
    (job: AnalysisJob, offsetMs: number) =>
      setTarget({
        ...camera,
        segment: job.segment,
        startedAt: job.segmentStartedAt,
        durationMs: job.segmentDurationMs,
        offsetMs,
      }),
    [camera],
  );

  return (
    <>
      <div className="archive-grid">
        <section className="archive-live card" aria-labelledby="archive-live-title">
          <h2 id="archive-live-title">{t("title")}</h2>
          <LivePlayer
            src={livePlaylistPath(camera)}
            token={token}
            reauthorize={reauthorize}
            cameraName={name}
          />
        </section>
        {target && (
          <SegmentPlayer
            target={target}
            onReplay={() => setTarget((x) => x && { ...x })}
            onClose={() => setTarget(undefined)}
          />
        )}
      </div>
      <SegmentTimeline camera={camera} playing={target?.segment} onPlay={playSegment} />
      <AnalysisJobs camera={camera} onJump={jump} />
    </>
  );
}
