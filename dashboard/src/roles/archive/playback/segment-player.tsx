import { useEffect, useState } from "react";
import { formatTime } from "../../../i18n/format.js";
import { useLocale, useMessages } from "../../../i18n/locale.js";
import { formatBytes, formatOffset } from "../archive-format.js";
import { playbackMessages } from "./messages.js";
import { type PlaybackState, type PlaybackTarget, usePlayback } from "./use-playback.js";

export interface SegmentPlayerProps {
  target: PlaybackTarget;
  /** The same target once more: after a failure, or when the link expired. */
  onReplay(): void;
  onClose(): void;
}

/**
 * Plays one recorded segment: while the device uploads it, how long that has taken so far; then the
 * video from the requested moment. Failures say whether the device is offline, too slow or refused.
 */
export function SegmentPlayer({ target, onReplay, onClose }: SegmentPlayerProps) {
  const t = useMessages(playbackMessages);
  const { locale } = useLocale();
  const playback = usePlayback(target);
  const [videoFailed, setVideoFailed] = useState(false);
  const time = formatTime(target.startedAt, locale, true);
  const url = playback.state === "ready" ? playback.playback.url : undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new link is a new chance to play.
  useEffect(() => setVideoFailed(false), [url]);

  return (
    <section className="archive-playback card" aria-labelledby="archive-playback-title">
      <div className="archive-playback-head">
        <h2 id="archive-playback-title">{t("player")}</h2>
        <button type="button" className="secondary" onClick={onClose}>
          {t("close")}
        </button>
      </div>
      <p className="muted">
        {target.offsetMs > 0 ? t("at", { time, offset: formatOffset(target.offsetMs) }) : time}
      </p>
      {url && !videoFailed && (
        <video
          key={`${url}#${target.offsetMs}`}
          className="archive-video"
          src={url}
          aria-label={t("video", { time })}
          controls
          autoPlay
          muted
          playsInline
          onLoadedMetadata={(e) => {
            if (target.offsetMs > 0) e.currentTarget.currentTime = target.offsetMs / 1000;
          }}
          onError={() => setVideoFailed(true)}
        />
      )}
      <PlaybackStatus state={playback} target={target} videoFailed={videoFailed} onReplay={onReplay} />
    </section>
  );
}

interface StatusProps {
  state: PlaybackState;
  target: PlaybackTarget;
  videoFailed: boolean;
  onReplay(): void;
}

function PlaybackStatus({ state, target, videoFailed, onReplay }: StatusProps) {
  const t = useMessages(playbackMessages);
  const { locale } = useLocale();
  const seconds = useSecondsSince(state.state === "fetching" ? state.since : undefined);
  const again = (
    <button type="button" onClick={onReplay}>
      {t("playAgain")}
    </button>
  );
  if (state.state === "failed")
    return (
      <div role="alert" className="error">
        {t(`failed.${state.reason}`, { message: state.message })} {again}
      </div>
    );
  if (videoFailed)
    return (
      <div role="alert" className="error">
        {t("videoFailed")} {again}
      </div>
    );
  if (state.state === "locating") return <p className="muted">{t("locating")}</p>;
  if (state.state !== "fetching") return null;
  const text =
    target.bytes !== undefined
      ? t("fetchingSize", { size: formatBytes(target.bytes, locale), seconds })
      : t("fetching", { seconds });
  return (
    <div className="archive-fetching" role="status">
      <progress aria-label={text} />
      <span>{text}</span>
    </div>
  );
}

/** Whole seconds since `since`, ticking once a second; 0 without it. */
function useSecondsSince(since: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === undefined) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [since]);
  return since === undefined ? 0 : Math.max(0, Math.floor((now - since) / 1000));
}
