import {
  describeStorageError,
  type StorageState,
  type StorageStatus,
  storageProblem,
} from "./storage-errors.js";

export interface StorageProblem {
  state: Exclude<StorageState, "ok">;
  error: string;
  since: number;
}

/** Told when the disk stops taking writes (`problem`) and when it takes them again (`undefined`). */
export type StorageListener = (problem: StorageProblem | undefined, writtenBack: number) => void;

/**
 * Remembers whether the disk is taking writes and retries it on a timer while it is not. A write that
 * fails with a storage error (full, read-only) puts the guard in trouble instead of throwing; any other
 * error is not its business and is rethrown by the caller.
 */
export class StorageGuard {
  private current: StorageProblem | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<StorageListener>();

  constructor(
    private readonly retryMs: number,
    /** Tries the disk again; throws (a storage error) while it still refuses. */
    private readonly retry: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  get problem(): StorageProblem | undefined {
    return this.current;
  }

  status(heldInMemory: number, droppedEvents: number): StorageStatus {
    const p = this.current;
    const base = { state: p?.state ?? "ok", heldInMemory, droppedEvents } as const;
    return p ? { ...base, error: p.error, since: p.since } : base;
  }

  /** True when `err` is a storage problem, now recorded; false when the caller must rethrow it. */
  failed(err: unknown): boolean {
    const state = storageProblem(err);
    if (!state) return false;
    const before = this.current;
    this.current = { state, error: describeStorageError(err), since: before?.since ?? this.now() };
    if (before?.state !== state) for (const listener of this.listeners) listener(this.current, 0);
    this.schedule();
    return true;
  }

  /** Runs one retry now; true when the disk took everything. */
  tryNow(): boolean {
    if (!this.current) return true;
    clearTimeout(this.timer);
    this.timer = undefined;
    let writtenBack: number;
    try {
      writtenBack = this.retry();
    } catch (err) {
      if (!this.failed(err)) throw err;
      return false;
    }
    this.current = undefined;
    for (const listener of this.listeners) listener(undefined, writtenBack);
    return true;
  }

  onChange(listener: StorageListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.listeners.clear();
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.tryNow();
    }, this.retryMs);
    this.timer.unref();
  }
}

export type { StorageState };
