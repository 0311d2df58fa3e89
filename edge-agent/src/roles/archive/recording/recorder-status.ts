import { AVERROR_ENOSPC } from "node-av/constants";
import { storageProblem } from "../../../delivery/storage-errors.js";

/** What a camera's recorder has done since it started, for the agent state file and `edge-agent status`. */
export interface RecorderStats {
  /** recording: writing a segment; waiting: for a connection or its next keyframe; degraded: gave up. */
  state: "recording" | "waiting" | "degraded";
  segments: number;
  bytesWritten: number;
  gaps: number;
  /** Length of the last gap between two segments (a camera reconnect), ms. */
  lastGapMs?: number;
  deletedForAge: number;
  deletedForQuota: number;
  repaired: number;
  discarded: number;
  /** Packets dropped because the disk fell too far behind. */
  droppedPackets: number;
  error?: string;
}

export function emptyStats(): RecorderStats {
  return {
    state: "waiting",
    segments: 0,
    bytesWritten: 0,
    gaps: 0,
    deletedForAge: 0,
    deletedForQuota: 0,
    repaired: 0,
    discarded: 0,
    droppedPackets: 0,
  };
}

/** A full disk (from Node's fs or from FFmpeg's own writes), after which recording stops for the camera. */
export function isDiskFull(err: unknown): boolean {
  if (storageProblem(err) === "full") return true;
  const e = err as { code?: unknown; message?: unknown } | undefined;
  if (e?.code === AVERROR_ENOSPC) return true;
  return typeof e?.message === "string" && /no space left|ENOSPC|quota exceeded/i.test(e.message);
}

export function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 200);
}
