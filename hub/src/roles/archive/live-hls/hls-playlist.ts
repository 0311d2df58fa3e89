import type { LiveSegment } from "./live-hls-store.js";

/** The file name of a live segment in the playlist and in the segment route. */
export const SEGMENT_FILE = /^(\d{1,10})\.ts$/;

export function segmentFile(mediaSeq: number): string {
  return `${mediaSeq}.ts`;
}

/** Seconds with millisecond precision, as EXTINF takes them. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * A live HLS media playlist (RFC 8216, version 3) of the session's current window, oldest first.
 *
 * - No EXT-X-ENDLIST: the list slides, and players poll it about once per target duration.
 * - EXT-X-MEDIA-SEQUENCE is the hub's own consecutive numbering, so a device that skips or restarts its
 *   `seq` cannot make a player re-number segments it already has; such a jump is marked
 *   EXT-X-DISCONTINUITY, and EXT-X-DISCONTINUITY-SEQUENCE counts the marks that left the window.
 * - EXT-X-PROGRAM-DATE-TIME on every segment is the wall-clock time its first packet was read from the
 *   camera, so players (and the latency benchmark) can place each segment in real time.
 * - URIs are relative (`segments/N.ts`): they resolve beside the playlist, under the same access rules.
 */
export function renderPlaylist(window: {
  segments: readonly LiveSegment[];
  discontinuitySeq: number;
}): string {
  const { segments, discontinuitySeq } = window;
  const first = segments[0];
  if (!first) throw new Error("a live playlist needs at least one segment");
  // Every EXTINF, rounded to the nearest integer, must not exceed the target duration.
  const longest = Math.max(...segments.map((s) => s.durationMs));
  const target = Math.max(1, Math.ceil(longest / 1000));
  const lines = [
    "#EXTM3U",
    "#EXT-X-VERSION:3",
    `#EXT-X-TARGETDURATION:${target}`,
    `#EXT-X-MEDIA-SEQUENCE:${first.mediaSeq}`,
  ];
  if (discontinuitySeq > 0) lines.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${discontinuitySeq}`);
  for (const segment of segments) {
    if (segment.discontinuity) lines.push("#EXT-X-DISCONTINUITY");
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(segment.capturedAt).toISOString()}`);
    lines.push(`#EXTINF:${seconds(segment.durationMs)},`);
    lines.push(`segments/${segmentFile(segment.mediaSeq)}`);
  }
  return `${lines.join("\n")}\n`;
}
