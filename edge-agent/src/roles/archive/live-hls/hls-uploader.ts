import { basicAuth, callHub, type DeviceHub, hubErrorText } from "../../../agent-config/hub-client.js";
import { errorText } from "../recording/recorder-status.js";
import { type HlsSegment, MAX_SEGMENT_MS, MIN_SEGMENT_MS } from "./hls-segmenter.js";

/** What live HLS did since the agent started (the agent state file's `liveHls` section). */
export interface HlsCounters {
  sessionsStarted: number;
  segmentsSent: number;
  bytesSent: number;
  /** Segments never sent: given up while cut (too long, too large) or pushed out by a slow hub. */
  segmentsDropped: number;
  /** Uploads the hub did not store: unreachable, timed out, or refused with other than 404/403. */
  uploadsFailed: number;
}

export function emptyHlsCounters(): HlsCounters {
  return { sessionsStarted: 0, segmentsSent: 0, bytesSent: 0, segmentsDropped: 0, uploadsFailed: 0 };
}

export interface HlsUploaderDeps {
  hub: DeviceHub;
  session: string;
  counters: HlsCounters;
  /** The hub will take no more of this session (404: it ended or is unknown; 403: not this device's). */
  onRefused: (reason: string) => void;
  log: (message: string) => void;
  /** Segments waiting or being sent, at most; default 2. */
  maxPending?: number;
  timeoutMs?: number;
}

/**
 * Sends one live session's segments to the hub in order, one request at a time, as
 * `PUT /api/v1/live-hls/{session}/{seq}`. A hub slower than the camera never makes it queue: past
 * `maxPending` the oldest unsent segment is dropped, and the next one sent says `discontinuity=1`, as
 * does the one after a failed upload. `seq` counts the requests made (0, 1, 2…), so a failed upload
 * leaves a gap in it. Stopping aborts the upload in flight and forgets the rest.
 */
export class HlsUploader {
  private readonly waiting: HlsSegment[] = [];
  private readonly controller = new AbortController();
  private readonly auth: string;
  private sending: Promise<void> | undefined;
  private seq = 0;
  /** The next segment sent follows a gap. */
  private broken = false;
  private stopped = false;
  private lastProblem: string | undefined;

  constructor(private readonly deps: HlsUploaderDeps) {
    this.auth = basicAuth(deps.hub);
  }

  /** Segments waiting or in flight. */
  get pending(): number {
    return this.waiting.length + (this.sending ? 1 : 0);
  }

  offer(segment: HlsSegment): void {
    if (this.stopped) return;
    const max = this.deps.maxPending ?? 2;
    while (this.pending >= max && this.waiting.length > 0) this.drop(this.waiting.shift());
    if (this.pending >= max) this.drop(segment);
    else this.waiting.push(segment);
    this.next();
  }

  /** Settles when nothing is waiting or in flight. */
  async idle(): Promise<void> {
    while (this.sending) await this.sending;
  }

  stop(): void {
    this.stopped = true;
    this.waiting.length = 0;
    this.controller.abort(new Error("the live session ended"));
  }

  private drop(segment: HlsSegment | undefined): void {
    if (!segment) return;
    this.deps.counters.segmentsDropped += 1;
    this.broken = true;
  }

  /** Sends the oldest waiting segment unless one is in flight; each sent one starts the next. */
  private next(): void {
    if (this.sending || this.stopped) return;
    const segment = this.waiting.shift();
    if (!segment) return;
    // Taken now, not when its request ends: a segment dropped while this one is in flight marks the next.
    const discontinuity = segment.discontinuity || this.broken;
    this.broken = false;
    this.sending = this.send(segment, discontinuity).finally(() => {
      this.sending = undefined;
      this.next();
    });
  }

  private async send(segment: HlsSegment, discontinuity: boolean): Promise<void> {
    const { hub, session, counters } = this.deps;
    const query = new URLSearchParams({
      durationMs: String(Math.min(MAX_SEGMENT_MS, Math.max(MIN_SEGMENT_MS, segment.durationMs))),
      capturedAt: String(segment.capturedAt),
    });
    if (discontinuity) query.set("discontinuity", "1");
    const path = `/api/v1/live-hls/${encodeURIComponent(session)}/${this.seq}?${query}`;
    this.seq += 1;
    const { data } = segment;
    try {
      const res = await callHub(
        `${hub.url}${path}`,
        {
          method: "PUT",
          headers: { authorization: this.auth, "content-type": "video/mp2t" },
          body: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
          signal: this.controller.signal,
        },
        this.deps.timeoutMs ?? 10_000,
      );
      if (res.ok) {
        await res.body?.cancel();
        counters.segmentsSent += 1;
        counters.bytesSent += data.byteLength;
        this.lastProblem = undefined;
        return;
      }
      const why = `the hub answered ${await hubErrorText(res)}`;
      if (res.status === 404 || res.status === 403) {
        this.stop();
        this.deps.onRefused(why);
        return;
      }
      this.failed(why);
    } catch (err) {
      if (!this.stopped) this.failed(errorText(err));
    }
  }

  private failed(why: string): void {
    this.deps.counters.uploadsFailed += 1;
    this.broken = true;
    // A hub that is down fails every segment the same way: said once, until an upload works again.
    if (why !== this.lastProblem)
      this.deps.log(`live session ${this.deps.session}: segment not sent: ${why}`);
    this.lastProblem = why;
  }
}
