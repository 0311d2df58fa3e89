import { AV_NOPTS_VALUE } from "node-av/constants";
import { avGetCodecName, type Packet, type Stream } from "node-av/lib";
import type { PacketTap } from "../../../capture/frame-source.js";
import { emptyStats, errorText, isDiskFull, type RecorderStats } from "./recorder-status.js";
import type { RetentionPolicy } from "./retention.js";
import type { SegmentEntry } from "./segment-index.js";
import { segmentId, segmentUri } from "./segment-names.js";
import { type OpenSegment, SegmentStore } from "./segment-store.js";
import { copySource, freeSource, type SegmentSource } from "./segment-writer.js";

export interface RecordSettings extends RetentionPolicy {
  /** A segment is cut at the first keyframe after this many seconds. */
  segmentSeconds: number;
}

/** The fields of a segmentReady event (shared-protocol media.ts) for one closed segment. */
export interface ClosedSegment {
  segment: string;
  uri: string;
  startedAt: number;
  durationMs: number;
  bytes: number;
  container: "mp4";
  codec: string;
}

export interface CameraRecorderDeps {
  camera: string;
  /** The camera's own archive directory. */
  dir: string;
  settings: RecordSettings;
  onSegment: (segment: ClosedSegment) => void;
  log: (message: string) => void;
  now?: () => number;
  /** Packets allowed to wait for the disk before the open segment is given up; default 3000. */
  maxBacklog?: number;
  /** Settles when the camera's previous recorder (a rebuilt worker's) has closed its segment. */
  after?: Promise<void>;
}

/**
 * Records one camera: the read loop hands it packets (PacketTap) and it cuts them into MP4 segments at
 * the first keyframe after `segmentSeconds`; the files are written on the store's queue, so a slow disk
 * never holds up reading or analysis. A connection's end closes the open segment, and the time until the
 * next connection's first keyframe is reported as a gap. A full disk stops this camera's recording only.
 */
export class CameraRecorder implements PacketTap {
  readonly stats: RecorderStats = emptyStats();
  private readonly store: SegmentStore;
  private readonly now: () => number;
  private ready = false;
  private stopping = false;
  private source: SegmentSource | undefined;
  /** Wall clock and stream time of a connection's first packet: stream time is turned into epoch ms. */
  private anchor: { wall: number; time: number } | undefined;
  private current: OpenSegment | undefined;
  /** Epoch ms where the recording broke off, until the next segment starts and the gap is reported. */
  private gapFrom: number | undefined;
  private done: (() => void) | undefined;
  /** Settles once `stop` has closed the open segment. */
  readonly stopped: Promise<void> = new Promise((resolve) => {
    this.done = resolve;
  });

  constructor(private readonly deps: CameraRecorderDeps) {
    this.now = deps.now ?? Date.now;
    this.store = new SegmentStore({
      camera: deps.camera,
      dir: deps.dir,
      policy: deps.settings,
      stats: this.stats,
      onClosed: (entry) => deps.onSegment(this.closed(entry)),
      onFatal: (err) => this.degrade(err),
      log: deps.log,
      now: this.now,
    });
  }

  /** Repairs what a crash left, loads the index and applies retention; packets count only after it. */
  async start(): Promise<void> {
    try {
      // Otherwise the repair would take the previous recorder's open segment for a crash's leftover.
      await this.deps.after;
      for (const entry of await this.store.prepare()) this.deps.onSegment(this.closed(entry));
      this.ready = !this.stopping;
    } catch (err) {
      this.degrade(err);
    }
  }

  begin(stream: Stream): void {
    if (this.stopping || this.stats.state === "degraded") return;
    try {
      this.source = copySource(stream);
    } catch (err) {
      this.deps.log(`camera ${this.deps.camera}: cannot record this stream: ${errorText(err)}`);
    }
  }

  packet(packet: Packet): void {
    const { source } = this;
    if (!this.ready || !source || this.stats.state === "degraded") return;
    const ticks = packet.pts === AV_NOPTS_VALUE ? packet.dts : packet.pts;
    if (ticks === AV_NOPTS_VALUE) return;
    const time = (Number(ticks) * source.timeBase.num) / source.timeBase.den;
    this.anchor ??= { wall: this.now(), time };
    if (this.current?.failed) this.current = undefined;
    const cut = this.current && time - this.current.startTime >= this.deps.settings.segmentSeconds;
    if (packet.isKeyframe && (!this.current || cut)) {
      if (this.current) this.store.close(this.current);
      this.current = this.open(source, time);
    }
    const segment = this.current;
    if (!segment) return; // waiting for a keyframe to start on
    if (this.store.backlog >= (this.deps.maxBacklog ?? 3_000)) {
      this.fallBehind(segment);
      return;
    }
    const copy = packet.clone();
    if (!copy) return;
    if (time > segment.lastTime) {
      segment.frameMs = (time - segment.lastTime) * 1000;
      segment.lastTime = time;
    }
    this.store.write(segment, copy);
  }

  end(): void {
    if (this.current) {
      this.store.close(this.current);
      this.gapFrom = this.wallOf(this.current.lastTime);
    }
    this.current = undefined;
    this.anchor = undefined;
    const source = this.source;
    this.source = undefined;
    if (this.stats.state === "recording") this.stats.state = "waiting";
    if (source) this.store.after(() => freeSource(source));
  }

  /** Settles when the disk work queued so far is done. */
  idle(): Promise<void> {
    return this.store.drain();
  }

  /** Closes the open segment and waits for the disk; call after the capture has stopped. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.ready = false;
    if (this.source) this.end();
    await this.store.drain();
    this.done?.();
  }

  private open(source: SegmentSource, time: number): OpenSegment {
    const startedAt = this.wallOf(time);
    let n = 1;
    while (this.store.taken(segmentId(startedAt, n))) n += 1;
    const id = segmentId(startedAt, n);
    const codec = avGetCodecName(source.codecpar.codecId) ?? "unknown";
    const segment: OpenSegment = {
      id,
      startedAt,
      startTime: time,
      lastTime: time,
      frameMs: 0,
      codec,
      failed: false,
    };
    if (this.gapFrom !== undefined) {
      const gapMs = Math.max(0, startedAt - this.gapFrom);
      this.stats.gaps += 1;
      this.stats.lastGapMs = gapMs;
      this.gapFrom = undefined;
      this.deps.log(
        `camera ${this.deps.camera}: recording gap of ${(gapMs / 1000).toFixed(1)} s before ${id}`,
      );
    }
    this.stats.state = "recording";
    this.store.open(segment, source);
    return segment;
  }

  /** The disk fell behind: drop the open segment rather than hold memory without bound; resume at a keyframe. */
  private fallBehind(segment: OpenSegment): void {
    this.stats.droppedPackets += 1;
    this.current = undefined;
    this.gapFrom ??= this.wallOf(segment.lastTime);
    this.deps.log(`camera ${this.deps.camera}: the disk fell behind, segment ${segment.id} dropped`);
    this.store.drop(segment);
  }

  private degrade(err: unknown): void {
    if (this.stats.state === "degraded") return;
    this.stats.state = "degraded";
    this.stats.error = errorText(err);
    this.ready = false;
    const why = isDiskFull(err) ? "the disk is full" : this.stats.error;
    this.deps.log(`camera ${this.deps.camera}: recording stopped (${why}); analysis goes on`);
  }

  private wallOf(time: number): number {
    const anchor = this.anchor ?? { wall: this.now(), time };
    return Math.round(anchor.wall + (time - anchor.time) * 1000);
  }

  private closed(entry: SegmentEntry): ClosedSegment {
    const { id, startedAt, durationMs, bytes, container, codec } = entry;
    return {
      segment: id,
      uri: segmentUri(this.deps.camera, id),
      startedAt,
      durationMs,
      bytes,
      container,
      codec,
    };
  }
}
