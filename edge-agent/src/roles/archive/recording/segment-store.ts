import { mkdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { Packet } from "node-av/lib";
import { repairLeftovers } from "./part-repair.js";
import { errorText, isDiskFull, type RecorderStats } from "./recorder-status.js";
import { applyRetention, type RetentionPolicy } from "./retention.js";
import { type SegmentEntry, SegmentIndex } from "./segment-index.js";
import { type SegmentSource, SegmentWriter } from "./segment-writer.js";

/** A segment the recorder has started; its file work happens later, on the store's queue. */
export interface OpenSegment {
  id: string;
  startedAt: number;
  /** Stream time (s) of its first keyframe, and of the newest packet so far. */
  startTime: number;
  lastTime: number;
  /** The last gap between packets, standing in for the unknown duration of the last one. */
  frameMs: number;
  codec: string;
  writer?: SegmentWriter;
  failed: boolean;
}

export interface SegmentStoreDeps {
  camera: string;
  dir: string;
  policy: RetentionPolicy;
  stats: RecorderStats;
  /** A segment was finished and indexed. */
  onClosed: (entry: SegmentEntry) => void;
  /** Writing failed for a reason that will not pass (a full disk). */
  onFatal: (err: unknown) => void;
  log: (message: string) => void;
  now: () => number;
}

/**
 * The disk side of one camera's recording: its directory, index and retention, and a queue on which
 * every file operation runs in order, away from the read loop. A failed operation loses its segment
 * (the `.part` is removed), never the queue.
 */
export class SegmentStore {
  private readonly index: SegmentIndex;
  private work: Promise<void> = Promise.resolve();
  /** Packets waiting on the queue. */
  backlog = 0;
  /** Ids of segments opened and not yet indexed or dropped. */
  private readonly pending = new Set<string>();

  constructor(private readonly deps: SegmentStoreDeps) {
    this.index = new SegmentIndex(deps.dir);
  }

  /** Repairs or discards a crash's open segment, loads the index, applies retention; returns the repaired. */
  async prepare(): Promise<SegmentEntry[]> {
    const { dir, log, camera, stats } = this.deps;
    await mkdir(dir, { recursive: true });
    const leftovers = await repairLeftovers(dir);
    for (const l of leftovers) {
      if (l.outcome === "repaired") stats.repaired += 1;
      else stats.discarded += 1;
      const what = l.outcome === "repaired" ? "repaired" : `discarded (${l.reason})`;
      log(`camera ${camera}: unfinished segment ${l.file} ${what}`);
    }
    const loaded = await this.index.load();
    if (loaded.rebuilt) log(`camera ${camera}: the archive index was damaged and is rebuilt from the files`);
    if (loaded.dropped.length > 0)
      log(`camera ${camera}: ${loaded.dropped.length} indexed segment(s) missing`);
    const repaired = new Set(leftovers.flatMap((l) => (l.outcome === "repaired" ? [l.id] : [])));
    await this.retain();
    return this.index.list().filter((e) => repaired.has(e.id));
  }

  /** Whether a segment of this id exists or is being written (a clock stepped back can repeat a start). */
  taken(id: string): boolean {
    return this.pending.has(id) || this.index.has(id);
  }

  open(segment: OpenSegment, source: SegmentSource): void {
    this.pending.add(segment.id);
    this.enqueue(segment, async () => {
      const writer = new SegmentWriter(join(this.deps.dir, `${segment.id}.mp4`), source);
      segment.writer = writer;
      await writer.open();
    });
  }

  /** Writes a packet reference the store now owns and frees. */
  write(segment: OpenSegment, packet: Packet): void {
    this.backlog += 1;
    this.enqueue(segment, async () => {
      try {
        if (segment.writer && !segment.failed) await segment.writer.write(packet);
      } finally {
        packet.free();
        this.backlog -= 1;
      }
    });
  }

  close(segment: OpenSegment): void {
    this.enqueue(segment, async () => {
      if (!segment.writer || segment.failed) return;
      const written = await segment.writer.finish(segment.frameMs);
      this.deps.stats.segments += 1;
      this.deps.stats.bytesWritten += written.bytes;
      const { id, startedAt, codec } = segment;
      const entry: SegmentEntry = {
        ...{ id, file: `${id}.mp4`, startedAt, durationMs: written.durationMs },
        ...{ bytes: written.bytes, codec, container: "mp4" },
      };
      await this.index.add(entry);
      this.pending.delete(id);
      this.deps.onClosed(entry);
      await this.retain();
    });
  }

  /** Gives the segment up: what was written of it is removed. */
  drop(segment: OpenSegment): void {
    if (segment.failed) return;
    segment.failed = true;
    this.enqueue(segment, () => this.discard(segment));
  }

  /** Runs `op` after everything queued so far. */
  after(op: () => void): void {
    this.work = this.work.then(op);
  }

  /** Settles when everything queued so far has run. */
  drain(): Promise<void> {
    return this.work;
  }

  private enqueue(segment: OpenSegment, op: () => Promise<void>): void {
    this.work = this.work.then(op).catch(async (err) => {
      if (isDiskFull(err)) this.deps.onFatal(err);
      else this.deps.log(`camera ${this.deps.camera}: segment ${segment.id} lost: ${errorText(err)}`);
      if (!segment.failed) {
        segment.failed = true;
        await this.discard(segment);
      }
    });
  }

  private async discard(segment: OpenSegment): Promise<void> {
    this.pending.delete(segment.id);
    await segment.writer?.abort().catch(() => undefined);
    if (segment.writer) await unlink(segment.writer.partPath).catch(() => undefined);
  }

  private async retain(): Promise<void> {
    const { stats, log, camera } = this.deps;
    for (const { entry, why } of await applyRetention(this.index, this.deps.policy, this.deps.now())) {
      if (why === "age") stats.deletedForAge += 1;
      else stats.deletedForQuota += 1;
      log(
        `camera ${camera}: deleted segment ${entry.id} (${why === "age" ? "past the retention" : "over the quota"})`,
      );
    }
  }
}
