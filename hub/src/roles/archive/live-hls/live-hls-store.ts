import type { CameraAddress } from "@sitewatch/shared-protocol";
import { ApiError, notFound } from "../../../errors/api-error.js";

/** One stored MPEG-TS segment of a live session. */
export interface LiveSegment {
  /** The playlist's own numbering: consecutive within a session, never reused within a hub run. */
  mediaSeq: number;
  durationMs: number;
  /** Wall-clock time the device read the segment's first packet. */
  capturedAt: number;
  discontinuity: boolean;
  data: Buffer;
}

export interface LiveSegmentUpload {
  /** The device's `seq`: 0, 1, 2… per session. */
  seq: number;
  durationMs: number;
  capturedAt: number;
  discontinuity: boolean;
  data: Buffer;
}

export interface LiveHlsLimits {
  /** Segments kept per session (the playlist's window). */
  windowSize: number;
  maxSegmentBytes: number;
  /** All sessions' segments together. */
  maxTotalBytes: number;
}

export const DEFAULT_HLS_LIMITS: LiveHlsLimits = {
  windowSize: 6,
  maxSegmentBytes: 4 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
};

interface Session {
  address: CameraAddress;
  segments: LiveSegment[];
  bytes: number;
  nextMediaSeq: number;
  lastSeq?: number;
  /** Discontinuities that have left the window (EXT-X-DISCONTINUITY-SEQUENCE). */
  discontinuitySeq: number;
  uploading: boolean;
  /** Why the device is not streaming (its liveStart failed); cleared when a start succeeds. */
  problem?: ApiError;
  wake: Set<() => void>;
}

/**
 * The live edge of every HLS session in memory: the last few segments each device uploaded, bounded per
 * segment, per session (the window) and in total. Sessions are opened and closed by the viewer tracker;
 * a segment for a session this store does not know is refused, which tells the device to stop.
 */
export class LiveHlsStore {
  private readonly sessions = new Map<string, Session>();
  private total = 0;
  // Media sequence numbers are never reused within a run: a camera's next session continues above its
  // last one, so a player that outlived a session cannot mistake the new segments for ones it has.
  private nextSeq = 0;

  constructor(readonly limits: LiveHlsLimits = DEFAULT_HLS_LIMITS) {}

  open(session: string, address: CameraAddress): void {
    if (this.sessions.has(session)) return;
    const entry = { address: { ...address }, segments: [], bytes: 0, discontinuitySeq: 0 };
    this.sessions.set(session, { ...entry, nextMediaSeq: this.nextSeq, uploading: false, wake: new Set() });
  }

  close(session: string): void {
    const entry = this.sessions.get(session);
    if (!entry) return;
    this.sessions.delete(session);
    this.total -= entry.bytes;
    for (const wake of entry.wake) wake();
  }

  /**
   * Admits one upload from `caller` to `session` (404 unknown or ended, 403 another device's, 429 while
   * one of the session's uploads is still being read); call the returned release when it is done.
   */
  admit(session: string, caller: { site: string; device: string }): () => void {
    const entry = this.sessions.get(session);
    if (!entry) throw notFound(`live session ${session} (unknown or ended)`);
    if (entry.address.site !== caller.site || entry.address.device !== caller.device) {
      throw new ApiError("FORBIDDEN", `live session ${session} belongs to another device`);
    }
    if (entry.uploading) throw new ApiError("RATE_LIMITED", "upload the session's segments one at a time");
    entry.uploading = true;
    return () => {
      entry.uploading = false;
    };
  }

  /** Stores an admitted upload; "duplicate" when it repeats the newest segment (a retried PUT). */
  put(session: string, upload: LiveSegmentUpload): "stored" | "duplicate" {
    const entry = this.sessions.get(session);
    if (!entry) throw notFound(`live session ${session} (ended)`);
    if (upload.seq === entry.lastSeq) return "duplicate";
    const { windowSize, maxTotalBytes } = this.limits;
    const leaving = entry.segments.length >= windowSize ? (entry.segments[0]?.data.length ?? 0) : 0;
    if (this.total - leaving + upload.data.length > maxTotalBytes) {
      throw new ApiError(
        "PAYLOAD_TOO_LARGE",
        `the hub's live video buffer (${maxTotalBytes} bytes for all cameras) is full`,
      );
    }
    // A skipped or restarted numbering means time jumped: the player must not splice across it.
    const continues = entry.lastSeq === undefined || upload.seq === entry.lastSeq + 1;
    entry.segments.push({
      mediaSeq: entry.nextMediaSeq++,
      durationMs: upload.durationMs,
      capturedAt: upload.capturedAt,
      discontinuity: upload.discontinuity || !continues,
      data: upload.data,
    });
    entry.lastSeq = upload.seq;
    this.nextSeq = Math.max(this.nextSeq, entry.nextMediaSeq);
    entry.bytes += upload.data.length;
    this.total += upload.data.length;
    while (entry.segments.length > windowSize) {
      const gone = entry.segments.shift() as LiveSegment;
      if (gone.discontinuity) entry.discontinuitySeq++;
      entry.bytes -= gone.data.length;
      this.total -= gone.data.length;
    }
    entry.problem = undefined;
    for (const wake of entry.wake) wake();
    return "stored";
  }

  /** The session's current window, oldest first; undefined when the session is unknown. */
  window(session: string): { segments: readonly LiveSegment[]; discontinuitySeq: number } | undefined {
    const entry = this.sessions.get(session);
    return entry && { segments: entry.segments, discontinuitySeq: entry.discontinuitySeq };
  }

  segment(session: string, mediaSeq: number): LiveSegment | undefined {
    return this.sessions.get(session)?.segments.find((s) => s.mediaSeq === mediaSeq);
  }

  /** Records why the device is not streaming (or that it is again); waiters learn it at once. */
  setProblem(session: string, problem: ApiError | undefined): void {
    const entry = this.sessions.get(session);
    if (!entry) return;
    entry.problem = problem;
    if (problem) for (const wake of entry.wake) wake();
  }

  /**
   * Waits until the session has a segment, its device is known not to stream, the session ended, the
   * caller went away, or `timeoutMs` passed; then answers what holds.
   */
  async waitForSegment(
    session: string,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<"ready" | "timeout" | "ended" | ApiError> {
    const state = () => {
      const entry = this.sessions.get(session);
      if (!entry) return "ended" as const;
      if (entry.segments.length > 0) return "ready" as const;
      return entry.problem;
    };
    const now = state();
    if (now) return now;
    const entry = this.sessions.get(session) as Session;
    let wake = () => {};
    const woken = new Promise<void>((resolve) => {
      wake = resolve;
    });
    entry.wake.add(wake);
    const timer = setTimeout(wake, timeoutMs);
    signal?.addEventListener("abort", wake, { once: true });
    try {
      await woken;
    } finally {
      clearTimeout(timer);
      entry.wake.delete(wake);
      signal?.removeEventListener("abort", wake);
    }
    return state() ?? "timeout";
  }

  get bufferedBytes(): number {
    return this.total;
  }

  get size(): number {
    return this.sessions.size;
  }
}
