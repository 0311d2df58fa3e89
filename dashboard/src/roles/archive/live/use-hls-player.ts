import Hls, { ErrorTypes, Events } from "hls.js/light";
import { type RefObject, useCallback, useEffect, useRef, useState } from "react";
import { type LiveProblem, liveHlsConfig, liveProblemOf } from "./hls-config.js";
import { followLiveEdge, seekToLiveEdge } from "./live-edge.js";

/** Again by itself after a transient failure (device offline, not streaming yet, network). */
const RETRY_MS = 10_000;
const CLOCK_MS = 1_000;
/** Behind the sync position by more than this, the viewer is offered the way back to live. */
const BEHIND_S = 3;

export type LiveState =
  | { state: "idle" }
  | { state: "unsupported" }
  | { state: "connecting" }
  | { state: "playing" }
  | { state: "buffering" }
  | { state: "failed"; problem: LiveProblem };

export interface HlsPlayerOptions {
  src: string;
  /** False stops loading altogether: the hub then stops the device's stream. */
  active: boolean;
  token: () => string | undefined;
  /** After a 401: get a fresh access token; true when there is one worth another try. */
  reauthorize?: () => Promise<boolean>;
}

export interface HlsPlayer {
  state: LiveState;
  /** From the segment's capture time (EXT-X-PROGRAM-DATE-TIME) to now; null before it is known. */
  latencyMs: number | null;
  behind: boolean;
  goLive(): void;
  retry(): void;
}

/**
 * Plays the live playlist `src` into `video` with hls.js while `active`. A new source, inactivity or
 * unmounting destroys the player, which stops its requests (the hub ends the device's stream once the
 * playlist requests stop). Fatal errors say why; transient ones are retried, a 401 once after a
 * refresh. Every second the latency is read from the playing fragment's capture time.
 */
export function useHlsPlayer(
  video: RefObject<HTMLVideoElement | null>,
  options: HlsPlayerOptions,
): HlsPlayer {
  const { src, active } = options;
  const [state, setState] = useState<LiveState>({ state: "connecting" });
  const [latencyMs, setLatency] = useState<number | null>(null);
  const [behind, setBehind] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const player = useRef<Hls | null>(null);
  // Read when needed, so a new token getter does not restart the stream.
  const callbacks = useRef(options);
  callbacks.current = options;
  const reauthorized = useRef(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` only asks for a fresh player.
  useEffect(() => {
    const media = video.current;
    setLatency(null);
    setBehind(false);
    if (!media || !active) {
      setState({ state: "idle" });
      return;
    }
    if (!Hls.isSupported()) {
      setState({ state: "unsupported" });
      return;
    }
    setState({ state: "connecting" });
    const hls = new Hls(liveHlsConfig(() => callbacks.current.token(), location.origin));
    player.current = hls;
    let recovered = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    hls.on(Events.ERROR, (_event, data) => {
      if (!data.fatal) return;
      // A decoding hiccup is worth one recovery; a second one is reported.
      if (data.type === ErrorTypes.MEDIA_ERROR && !recovered) {
        recovered = true;
        hls.recoverMediaError();
        return;
      }
      const problem = liveProblemOf(data);
      hls.stopLoad();
      setState({ state: "failed", problem });
      const again = () => setAttempt((n) => n + 1);
      const { reauthorize } = callbacks.current;
      if (problem.kind === "unauthorized" && reauthorize && !reauthorized.current) {
        reauthorized.current = true;
        void reauthorize().then((ok) => ok && again());
      } else if (problem.transient) retry = setTimeout(again, RETRY_MS);
    });
    hls.on(Events.MANIFEST_PARSED, () => void media.play().catch(() => undefined));
    const onPlaying = () => {
      reauthorized.current = false;
      setState({ state: "playing" });
    };
    const onWaiting = () => setState((s) => (s.state === "playing" ? { state: "buffering" } : s));
    media.addEventListener("playing", onPlaying);
    media.addEventListener("waiting", onWaiting);
    hls.attachMedia(media);
    hls.loadSource(src);
    const stopFollowing = followLiveEdge(hls, media);
    const clock = setInterval(() => {
      const playing = hls.playingDate;
      setLatency(playing ? Math.max(0, Date.now() - playing.getTime()) : null);
      const edge = hls.liveSyncPosition;
      setBehind(edge !== null && edge - media.currentTime > BEHIND_S);
    }, CLOCK_MS);
    return () => {
      clearInterval(clock);
      clearTimeout(retry);
      stopFollowing();
      media.removeEventListener("playing", onPlaying);
      media.removeEventListener("waiting", onWaiting);
      player.current = null;
      hls.destroy();
    };
  }, [video, src, active, attempt]);

  const goLive = useCallback(() => {
    const hls = player.current;
    const media = video.current;
    if (hls && media) seekToLiveEdge(hls, media);
    setBehind(false);
  }, [video]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, latencyMs, behind, goLive, retry };
}
