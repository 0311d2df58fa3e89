import { useEffect, useState } from "react";

/** The part of hls.js the live edge needs (a test can stand in for it). */
export interface LiveEdgeSource {
  /** Where playback should be to sit at the configured distance from the live edge; null before a playlist. */
  readonly liveSyncPosition: number | null;
}

/** The part of the video element the live edge needs. */
export interface LiveMedia {
  currentTime: number;
  readonly paused: boolean;
  play(): Promise<void> | undefined;
}

type VisibilitySource = Pick<Document, "visibilityState" | "addEventListener" | "removeEventListener">;

// Closer than this to the sync position is "at the edge": seeking would only cost a rebuffer.
const SLACK_S = 1;

/** Moves `media` to the live edge when it is behind it, and plays. True when it had to move. */
export function seekToLiveEdge(hls: LiveEdgeSource, media: LiveMedia): boolean {
  const edge = hls.liveSyncPosition;
  const behind = edge !== null && Number.isFinite(edge) && media.currentTime < edge - SLACK_S;
  if (behind) media.currentTime = edge;
  if (media.paused) void Promise.resolve(media.play()).catch(() => undefined);
  return behind;
}

/**
 * The seed's bug: in a background tab the browser pauses or throttles the video while the playlist
 * moves on, so a tab that comes back resumed where it stopped — seconds or minutes behind, for good.
 * Each time the page becomes visible, playback goes back to the live edge. Returns the unsubscribe.
 */
export function followLiveEdge(
  hls: LiveEdgeSource,
  media: LiveMedia,
  doc: VisibilitySource = document,
): () => void {
  const onVisibility = () => {
    if (doc.visibilityState === "visible") seekToLiveEdge(hls, media);
  };
  doc.addEventListener("visibilitychange", onVisibility);
  return () => doc.removeEventListener("visibilitychange", onVisibility);
}

/**
 * Whether somebody may be watching: the page is visible, or was hidden less than `graceMs` ago. A
 * quick look at another tab keeps the stream (starting it again costs the device a keyframe and the
 * viewer seconds); a tab left in the background stops it, so the device stops sending.
 */
export function useViewing(graceMs: number, doc: VisibilitySource = document): boolean {
  const [viewing, setViewing] = useState(() => doc.visibilityState !== "hidden");
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const update = () => {
      clearTimeout(timer);
      if (doc.visibilityState !== "hidden") setViewing(true);
      else timer = setTimeout(() => setViewing(false), graceMs);
    };
    doc.addEventListener("visibilitychange", update);
    return () => {
      clearTimeout(timer);
      doc.removeEventListener("visibilitychange", update);
    };
  }, [graceMs, doc]);
  return viewing;
}
