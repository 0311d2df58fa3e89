import type { StorageStatus } from "./storage-errors.js";

export interface OutboxLimits {
  /**
   * Bound on the bytes of unacknowledged records; default 64 MiB. Disk use can exceed it by up to two
   * segments of already-acknowledged records that wait for their segment to be deleted.
   */
  maxBytes?: number;
  /** Bound on the number of unacknowledged records; default 200 000. */
  maxRecords?: number;
  /** A segment is closed and a new one started past this size; default 4 MiB. */
  segmentBytes?: number;
  /** Appends are fsynced in batches this often; default 200 ms. 0 = fsync every append. */
  fsyncIntervalMs?: number;
  /** Records held in memory at most while the disk cannot take them; default 10 000. */
  memoryRecords?: number;
  /** Bytes held in memory at most while the disk cannot take them; default 16 MiB. */
  memoryBytes?: number;
  /** How often a full or read-only disk is tried again; default 5 s. */
  diskRetryMs?: number;
}

export interface OutboxStats {
  /** Records appended but not yet acknowledged by the broker (on disk and held in memory). */
  depth: number;
  bytes: number;
  /** Records dropped oldest-first because a bound was hit, since the outbox was created (persisted). */
  evicted: number;
  ackedId: number;
  nextId: number;
  segments: number;
  /** Bytes of torn or corrupt records cut off when the outbox was opened. */
  truncatedBytes: number;
  storage: StorageStatus;
}

/** The limits with every default filled in. */
export function resolveLimits(limits: OutboxLimits): Required<OutboxLimits> {
  return {
    maxBytes: limits.maxBytes ?? 64 * 1024 * 1024,
    maxRecords: limits.maxRecords ?? 200_000,
    segmentBytes: limits.segmentBytes ?? 4 * 1024 * 1024,
    fsyncIntervalMs: limits.fsyncIntervalMs ?? 200,
    memoryRecords: limits.memoryRecords ?? 10_000,
    memoryBytes: limits.memoryBytes ?? 16 * 1024 * 1024,
    diskRetryMs: limits.diskRetryMs ?? 5_000,
  };
}
