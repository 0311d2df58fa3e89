import { type FileHandle, mkdir, open, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../../../observability/logger.js";

export interface CachedSegment {
  /** The segments table row id. */
  id: string;
  bytes: number;
}

export interface PlaybackCacheOptions {
  dir: string;
  maxBytes: number;
  logger: Logger;
  onEvict?: (segment: CachedSegment) => void;
}

/**
 * Archived segments fetched from devices for playback, as files in one directory, within `maxBytes`:
 * adding one removes the least recently used others until the total fits (a segment larger than the
 * whole cache stays alone until the next one arrives). Readers open a file handle first, so a file
 * evicted while it is being played keeps playing. The cache is only a cache: start() empties the
 * directory, so nothing a crashed run left behind (partial uploads included) counts against the bound.
 */
export class PlaybackCache {
  // Map order is use order: a hit moves its entry to the end, eviction takes from the front.
  private readonly entries = new Map<string, CachedSegment>();
  private total = 0;
  private ready: Promise<void> | undefined;

  constructor(private readonly opts: PlaybackCacheOptions) {}

  start(): Promise<void> {
    this.ready ??= (async () => {
      await rm(this.opts.dir, { recursive: true, force: true });
      await mkdir(this.opts.dir, { recursive: true });
    })();
    return this.ready;
  }

  get bytes(): number {
    return this.total;
  }

  /** Where an upload in progress writes; outside the cache's names, so it never counts as cached. */
  async partPath(upload: string): Promise<string> {
    await this.start();
    return join(this.opts.dir, `${upload}.part`);
  }

  /** The cached segment, marked as just used; undefined when it is not (or no longer) cached. */
  get(id: string): CachedSegment | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry;
  }

  /** Takes a completed upload into the cache under the segment's id, then evicts down to the bound. */
  async add(id: string, partPath: string, bytes: number): Promise<CachedSegment> {
    await this.start();
    this.forget(id);
    await rename(partPath, this.fileOf(id));
    const entry = { id, bytes };
    this.entries.set(id, entry);
    this.total += bytes;
    await this.evict(id);
    return entry;
  }

  /** An open handle on a cached segment's file, or null when it is not cached. */
  async open(id: string): Promise<{ handle: FileHandle; bytes: number } | null> {
    const entry = this.get(id);
    if (!entry) return null;
    try {
      return { handle: await open(this.fileOf(id), "r"), bytes: entry.bytes };
    } catch (err) {
      this.opts.logger.warn({ err, segment: id }, "a cached playback file could not be opened");
      this.forget(id);
      return null;
    }
  }

  private async evict(keep: string): Promise<void> {
    for (const entry of [...this.entries.values()]) {
      if (this.total <= this.opts.maxBytes) return;
      if (entry.id === keep) continue;
      this.forget(entry.id);
      this.opts.onEvict?.(entry);
      await rm(this.fileOf(entry.id), { force: true }).catch((err) =>
        this.opts.logger.warn({ err, segment: entry.id }, "an evicted playback file could not be removed"),
      );
    }
  }

  private forget(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.total -= entry.bytes;
  }

  // Ids are UUIDs from the segments table, so they are safe file names.
  private fileOf(id: string): string {
    return join(this.opts.dir, `${id}.mp4`);
  }
}
