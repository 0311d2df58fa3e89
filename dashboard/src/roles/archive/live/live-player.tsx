import { useRef } from "react";
import { formatNumber } from "../../../i18n/format.js";
import { useLocale, useMessages } from "../../../i18n/locale.js";
import { useViewing } from "./live-edge.js";
import { type LiveMessageKey, liveMessages } from "./messages.js";
import { type LiveState, useHlsPlayer } from "./use-hls-player.js";

/** How long a background tab keeps the stream before it is stopped (see `useViewing`). */
export const HIDDEN_GRACE_MS = 30_000;

export interface LivePlayerProps {
  /** The live playlist, `…/cameras/{camera}/live/index.m3u8` of the hub. */
  src: string;
  /** The viewer's access token, sent with every playlist and segment request. */
  token: () => string | undefined;
  reauthorize?: () => Promise<boolean>;
  cameraName: string;
}

/**
 * One camera's live picture over HLS: it starts at the live edge, goes back to it whenever the tab
 * becomes visible again, shows how far behind the camera it is, and says plainly why there is no
 * picture (device offline, not streaming, no access) instead of spinning. Muted, so it may autoplay.
 */
export function LivePlayer({ src, token, reauthorize, cameraName }: LivePlayerProps) {
  const t = useMessages(liveMessages);
  const { locale } = useLocale();
  const video = useRef<HTMLVideoElement>(null);
  const active = useViewing(HIDDEN_GRACE_MS);
  const player = useHlsPlayer(video, { src, active, token, reauthorize });
  const { state, latencyMs } = player;
  const failed = state.state === "failed";
  return (
    <div className="live-player" data-state={state.state}>
      <div className="live-video-box">
        <video
          ref={video}
          className="live-video"
          aria-label={t("video", { camera: cameraName })}
          muted
          playsInline
          controls
        />
      </div>
      <div className="live-player-bar">
        <p className={failed ? "error" : "muted"} role={failed ? "alert" : "status"}>
          {statusText(state, t)}
        </p>
        {latencyMs !== null && state.state !== "failed" && (
          <span className="live-latency" data-latency-ms={Math.round(latencyMs)}>
            {t("latency", { seconds: formatNumber(latencyMs / 1000, locale, 1) })}
          </span>
        )}
        {player.behind && (
          <button type="button" className="secondary" onClick={player.goLive}>
            {t("goLive")}
          </button>
        )}
        {failed && (
          <button type="button" onClick={player.retry}>
            {t("retry")}
          </button>
        )}
      </div>
    </div>
  );
}

type Translate = (key: LiveMessageKey, params?: Record<string, string | number>) => string;

function statusText(state: LiveState, t: Translate): string {
  if (state.state !== "failed") return t(state.state);
  const { problem } = state;
  const text = t(`problem.${problem.kind}`, { message: problem.message });
  return problem.transient ? `${text} ${t("retrying")}` : text;
}
