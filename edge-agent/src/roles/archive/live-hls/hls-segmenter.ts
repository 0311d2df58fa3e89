import { AV_NOPTS_VALUE } from "node-av/constants";
import type { Packet, Stream } from "node-av/lib";
import type { PacketTap } from "../../../capture/frame-source.js";
import { errorText } from "../recording/recorder-status.js";
import { copySource, freeSource, type SegmentSource } from "../recording/segment-writer.js";
import { muxTsSegment, TsClock } from "./ts-muxer.js";

/** One finished live segment, as the hub takes it (PUT /api/v1/live-hls/{session}/{seq}). */
export interface HlsSegment {
  /** MPEG-TS, starting with a keyframe and its parameter sets. */
  data: Buffer;
  durationMs: number;
  /** Wall clock (epoch ms) when its first packet was read from the camera. */
  capturedAt: number;
  /** The timeline broke before it: a new camera connection, or a segment given up. */
  discontinuity: boolean;
}

/** The hub's bounds on a segment (contract: durationMs 100..10000, body ≤ 4 MiB). */
export const MIN_SEGMENT_MS = 100;
export const MAX_SEGMENT_MS = 10_000;
export const MAX_SEGMENT_BYTES = 4 * 2 ** 20;
/** Segments cut and not yet muxed; more means muxing cannot keep up, and the newest is given up. */
const MAX_MUXING = 2;

export interface HlsSegmenterDeps {
  /** The shortest segment: each is cut at the first keyframe after this much video. */
  segmentMs: number;
  onSegment: (segment: HlsSegment) => void;
  /** A segment was given up; the next one carries the discontinuity. */
  onDropped: (reason: string) => void;
  now?: () => number;
}

interface Gathering {
  packets: Packet[];
  bytes: number;
  /** Stream time (s) of its keyframe and of its newest packet, and the last gap between packets. */
  startTime: number;
  lastTime: number;
  frameS: number;
  capturedAt: number;
}

/**
 * Cuts a camera's packets (a PacketTap, fed by the read loop) into short MPEG-TS segments without
 * re-encoding: a segment opens on a keyframe and is cut at the first keyframe after `segmentMs`, so its
 * length is `segmentMs` rounded up to the camera's keyframe interval. Muxing runs after the read loop's
 * call returns, one segment at a time; everything held is bounded (one open segment of at most
 * MAX_SEGMENT_BYTES, MAX_MUXING cut ones), and what does not fit is given up rather than queued.
 */
export class HlsSegmenter implements PacketTap {
  segmentMs: number;
  private readonly now: () => number;
  private source: SegmentSource | undefined;
  private clock = new TsClock();
  private open: Gathering | undefined;
  /** Set for the next segment cut: the timeline broke (reconnect, a segment given up while open). */
  private broken = false;
  /** Set for the next segment muxed: one cut before it was lost in muxing. */
  private lost = false;
  private connections = 0;
  private muxing = 0;
  private work: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly deps: HlsSegmenterDeps) {
    this.segmentMs = deps.segmentMs;
    this.now = deps.now ?? Date.now;
  }

  begin(stream: Stream): void {
    if (this.closed) return;
    this.source = copySource(stream);
    this.clock = new TsClock();
    // A new connection starts its own clock: the player must not take it for the same timeline.
    if (this.connections > 0) this.broken = true;
    this.connections += 1;
  }

  packet(packet: Packet): void {
    const { source } = this;
    if (!source) return;
    const ticks = packet.pts === AV_NOPTS_VALUE ? packet.dts : packet.pts;
    if (ticks === AV_NOPTS_VALUE) return;
    const time = (Number(ticks) * source.timeBase.num) / source.timeBase.den;
    const open = this.open;
    if (packet.isKeyframe && (!open || (time - open.startTime) * 1000 >= this.segmentMs)) {
      if (open) this.cut(open, source, (time - open.startTime) * 1000);
      this.open = {
        packets: [],
        bytes: 0,
        startTime: time,
        lastTime: time,
        frameS: 0,
        capturedAt: this.now(),
      };
    }
    const segment = this.open;
    if (!segment) return; // waiting for a keyframe to start on
    if ((time - segment.startTime) * 1000 > MAX_SEGMENT_MS) {
      this.giveUp(segment, `no keyframe within ${MAX_SEGMENT_MS / 1000} s`);
      return;
    }
    // The muxer adds a few % (TS packet headers); what is left of the budget must hold the video.
    if (segment.bytes + packet.size > MAX_SEGMENT_BYTES * 0.95) {
      this.giveUp(segment, `more than ${MAX_SEGMENT_BYTES / 2 ** 20} MiB of video in one segment`);
      return;
    }
    const copy = packet.clone();
    if (!copy) return;
    this.clock.place(copy);
    segment.packets.push(copy);
    segment.bytes += packet.size;
    if (time > segment.lastTime) {
      segment.frameS = time - segment.lastTime;
      segment.lastTime = time;
    }
  }

  /** The connection ended: what was gathered since the last keyframe goes out as a shorter segment. */
  end(): void {
    const { open, source } = this;
    this.open = undefined;
    this.source = undefined;
    if (open && source) {
      const ms = (open.lastTime - open.startTime + open.frameS) * 1000;
      if (ms >= MIN_SEGMENT_MS) this.cut(open, source, ms);
      else release(open);
    }
    if (source) this.work = this.work.then(() => freeSource(source));
  }

  /** Settles when the segments cut so far have been muxed and handed on. */
  idle(): Promise<void> {
    return this.work;
  }

  /** Stops for good, dropping the open segment; settles when nothing is held any more. */
  close(): Promise<void> {
    this.closed = true;
    if (this.open) release(this.open);
    this.open = undefined;
    this.end();
    return this.work;
  }

  private cut(segment: Gathering, source: SegmentSource, durationMs: number): void {
    if (this.muxing >= MAX_MUXING) {
      this.giveUp(segment, "muxing fell behind");
      return;
    }
    const broken = this.broken;
    this.broken = false;
    this.muxing += 1;
    this.work = this.work.then(async () => {
      try {
        if (this.closed) return;
        const data = await muxTsSegment(source, segment.packets);
        if (data.length > MAX_SEGMENT_BYTES) throw new Error(`${data.length} bytes is over the hub's limit`);
        const discontinuity = broken || this.lost;
        this.lost = false;
        const { capturedAt } = segment;
        if (!this.closed)
          this.deps.onSegment({ data, durationMs: Math.round(durationMs), capturedAt, discontinuity });
      } catch (err) {
        this.lost = true;
        this.deps.onDropped(`segment not muxed: ${errorText(err)}`);
      } finally {
        this.muxing -= 1;
        release(segment);
      }
    });
  }

  private giveUp(segment: Gathering, why: string): void {
    release(segment);
    if (this.open === segment) this.open = undefined;
    this.broken = true;
    this.deps.onDropped(why);
  }
}

function release(segment: Gathering): void {
  for (const packet of segment.packets) packet.free();
  segment.packets.length = 0;
}
