import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import { describeDbError, isPermanentDbError } from "./db-errors.js";

/** One destination table (or a few written together). */
export interface BatchSink<Row, Tx> {
  readonly name: string;
  /**
   * Writes `rows` inside the flush transaction. Must be idempotent: a failed transaction is retried
   * whole, and a replayed event must not count twice.
   */
  write(tx: Tx, rows: Row[]): Promise<void>;
  /**
   * `write` issues exactly one statement, which is atomic by itself: a batch of this sink alone then
   * skips BEGIN/COMMIT (three round trips become one).
   */
  readonly oneStatement?: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: a writer holds sinks of many row types.
type AnySink<Tx> = BatchSink<any, Tx>;

export interface BatchWriterOptions<Tx> {
  /** Sinks in the order they are written inside one transaction; a fixed order avoids deadlocks. */
  sinks: readonly AnySink<Tx>[];
  transaction: (fn: (tx: Tx) => Promise<void>) => Promise<void>;
  /** Runs `fn` outside a transaction, for a batch of one `oneStatement` sink. */
  direct?: (fn: (tx: Tx) => Promise<void>) => Promise<void>;
  batchRows: number;
  batchMs: number;
  /** Above this many pending rows, room() makes its caller wait. */
  maxPending: number;
  /**
   * Flush transactions in flight at once (default 1). Sinks must then be order-independent: they are,
   * as each keeps the newest state by timestamp and adds statistics only for rows it really inserted.
   */
  concurrency?: number;
  metrics: Pick<
    Metrics,
    "pendingRows" | "flushSeconds" | "flushRows" | "dbErrors" | "ingestBackpressureWaits"
  >;
  logger: Logger;
  retry?: { initialMs: number; maxMs: number };
  /**
   * Every row is urgent (see AcceptOptions.urgent) unless accept() says otherwise: for a writer whose
   * callers hold acknowledgements until their rows commit. Default false.
   */
  eager?: boolean;
  /** How long stop() keeps retrying a database that is down before it gives up (and says so). */
  drainTimeoutMs?: number;
}

export interface BatchWriterStats {
  pending: number;
  written: number;
  dropped: number;
  flushes: number;
  dbErrors: number;
  backpressureWaits: number;
}

interface Entry<Tx> {
  sink: AnySink<Tx>;
  row: unknown;
  at: number;
  urgent: boolean;
  committed: Settle;
}

interface Settle {
  resolve(): void;
  reject(error: Error): void;
}

/** How a row is accepted. */
export interface AcceptOptions {
  /**
   * Someone waits for this row's commit (a device's acknowledgement is held until then): when no flush
   * is running it is written at once instead of lingering up to `batchMs` for company; rows that arrive
   * while a flush runs go out together right after it (group commit), and a full batch (`batchRows`)
   * starts another flush in parallel.
   */
  urgent?: boolean;
}

/** The writer gave up on rows (the database stayed down past the drain timeout): they are not stored. */
export class NotStoredError extends Error {}
class GaveUp extends NotStoredError {}

/** What room() returns when the caller need not wait: callers compare against it to skip awaiting. */
export const READY: Promise<void> = Promise.resolve();

/**
 * Collects rows and writes them in batches: at `batchRows` rows or after `batchMs`, one multi-row
 * statement per sink per flush, all in one transaction. Rows stay queued until the database took them:
 * transient errors are retried with backoff; rows the database refuses for what they contain are
 * isolated by bisection so only those are dropped (and logged). Every accepted row has a promise that
 * settles when its fate is final: resolved once committed (or refused for its content, which no retry
 * would change), rejected with NotStoredError when the writer gave up on it.
 */
export class BatchWriter<Tx> {
  private readonly queue: Entry<Tx>[] = [];
  /** Batches being written, each with the index (in accept order) of its first row. */
  private readonly running = new Map<Promise<void>, number>();
  private inflight = 0;
  private enqueued = 0;
  private taken = 0;
  private flushTarget = 0;
  private timer: NodeJS.Timeout | undefined;
  private waiters: Array<() => void> = [];
  /** Urgent rows still in the queue (not yet taken into a batch). */
  private urgentQueued = 0;
  private giveUpAt: number | undefined;
  private stopped = false;
  private readonly counts = { written: 0, dropped: 0, flushes: 0, dbErrors: 0, backpressureWaits: 0 };

  constructor(private readonly opts: BatchWriterOptions<Tx>) {}

  get pending(): number {
    return this.queue.length + this.inflight;
  }

  /**
   * Queues a row at once. The promise resolves when the row is committed: that is when a device may be
   * told its event was delivered. Use room() for backpressure.
   */
  accept<Row>(sink: BatchSink<Row, Tx>, row: Row, opts: AcceptOptions = {}): Promise<void> {
    if (this.stopped) throw new Error(`batch writer is stopped; ${sink.name} row not accepted`);
    const urgent = opts.urgent ?? this.opts.eager === true;
    const committed = new Promise<void>((resolve, reject) => {
      this.queue.push({ sink, row, at: Date.now(), urgent, committed: { resolve, reject } });
    });
    // Nobody may be listening (a QoS 0 message): a give-up is logged by the writer, not unhandled.
    committed.catch(() => {});
    this.enqueued += 1;
    if (urgent) this.urgentQueued += 1;
    this.opts.metrics.pendingRows.set(this.pending);
    if (urgent || this.queue.length >= this.opts.batchRows) this.pump();
    else this.armTimer();
    return committed;
  }

  /** Resolves when the pending rows are below `maxPending` again; READY when they already are. */
  room(): Promise<void> {
    if (this.pending <= this.opts.maxPending) return READY;
    this.counts.backpressureWaits += 1;
    this.opts.metrics.ingestBackpressureWaits.inc();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Writes every row accepted before the call; resolves when they are stored (or given up). */
  async flush(): Promise<void> {
    const target = this.enqueued;
    this.flushTarget = Math.max(this.flushTarget, target);
    // Rows before `target` are done once no batch that started at or before them is still running.
    while (this.taken < target || this.oldestRunning() < target) {
      this.pump();
      if (this.running.size === 0) break;
      await Promise.race(this.running.keys());
    }
  }

  /** Drains everything; keeps retrying a failing database for `drainTimeoutMs`, then gives up loudly. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.giveUpAt = Date.now() + (this.opts.drainTimeoutMs ?? 30_000);
    // Rows may still arrive while draining (messages already inside the transport); take them too.
    while (this.pending > 0) await this.flush();
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.releaseWaiters(true);
  }

  stats(): BatchWriterStats {
    return { pending: this.pending, ...this.counts };
  }

  private oldestRunning(): number {
    let oldest = Number.POSITIVE_INFINITY;
    for (const first of this.running.values()) oldest = Math.min(oldest, first);
    return oldest;
  }

  /** Starts as many due batches as the concurrency allows; a finished batch pumps again. */
  private pump(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const limit = this.opts.concurrency ?? 1;
    while (this.running.size < limit) {
      const head = this.queue[0];
      if (!head) break;
      const due = Date.now() - head.at >= this.opts.batchMs;
      // Urgent rows start a flush when none is running; while one runs, what arrives meanwhile waits
      // for it and goes out together (group commit), unless a quarter batch piled up: under heavy load
      // the other slots take it in parallel.
      const urgent =
        this.urgentQueued > 0 &&
        (this.running.size === 0 || this.queue.length >= Math.max(1, this.opts.batchRows / 4));
      const forced = this.flushTarget > this.taken || urgent;
      if (!due && !forced && this.queue.length < this.opts.batchRows) break;
      const first = this.taken;
      const batch = this.queue.splice(0, this.opts.batchRows);
      this.taken += batch.length;
      for (const entry of batch) if (entry.urgent) this.urgentQueued -= 1;
      this.inflight += batch.length;
      const written: Promise<void> = this.writeBatch(batch)
        .catch((err) => this.opts.logger.error({ err }, "ingest flush failed unexpectedly"))
        .finally(() => {
          this.running.delete(written);
          this.inflight -= batch.length;
          this.opts.metrics.pendingRows.set(this.pending);
          this.releaseWaiters(false);
          this.pump();
        });
      this.running.set(written, first);
    }
    this.armTimer();
  }

  /** Wakes the writer when the oldest queued row falls due (a full queue pumps at once instead). */
  private armTimer(): void {
    if (this.timer || this.stopped || this.running.size >= (this.opts.concurrency ?? 1)) return;
    const head = this.queue[0];
    if (!head) return;
    const wait = Math.max(0, head.at + this.opts.batchMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, wait);
  }

  private group(batch: readonly Entry<Tx>[]): Map<AnySink<Tx>, unknown[]> {
    const groups = new Map<AnySink<Tx>, unknown[]>();
    for (const sink of this.opts.sinks) groups.set(sink, []);
    for (const entry of batch) {
      const rows = groups.get(entry.sink);
      if (!rows) throw new Error(`sink ${entry.sink.name} is not registered with the batch writer`);
      rows.push(entry.row);
    }
    for (const [sink, rows] of groups) if (rows.length === 0) groups.delete(sink);
    return groups;
  }

  private async writeBatch(batch: readonly Entry<Tx>[]): Promise<void> {
    const groups = this.group(batch);
    const started = process.hrtime.bigint();
    try {
      await this.retrying(() => this.commit(groups));
      this.counts.written += batch.length;
      this.counts.flushes += 1;
      this.opts.metrics.flushSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
      this.opts.metrics.flushRows.observe(batch.length);
    } catch (error) {
      try {
        if (error instanceof GaveUp) throw error;
        for (const [sink, rows] of groups) await this.isolate(sink, rows);
      } catch (failure) {
        // Some rows of the batch may be stored, but not all: none is confirmed. A device sends them
        // again and the ids drop what is already there.
        const err = failure instanceof NotStoredError ? failure : new NotStoredError(String(failure));
        if (failure instanceof GaveUp) this.drop(batch.length, "the database stayed unavailable", failure);
        for (const entry of batch) entry.committed.reject(err);
        return;
      }
    }
    for (const entry of batch) entry.committed.resolve();
  }

  /** Bisects rows the database refused until the offending ones are found; only those are dropped. */
  private async isolate(sink: AnySink<Tx>, rows: unknown[]): Promise<void> {
    try {
      await this.retrying(() => this.commit(new Map([[sink, rows]])));
      this.counts.written += rows.length;
    } catch (error) {
      if (error instanceof GaveUp) throw error;
      if (rows.length === 1) return this.drop(1, `${sink.name} row refused by the database`, error, rows[0]);
      const half = Math.ceil(rows.length / 2);
      await this.isolate(sink, rows.slice(0, half));
      await this.isolate(sink, rows.slice(half));
    }
  }

  private commit(groups: Map<AnySink<Tx>, unknown[]>): Promise<void> {
    const [only, ...more] = groups;
    if (only && more.length === 0 && only[0].oneStatement && this.opts.direct) {
      const [sink, rows] = only;
      return this.opts.direct((tx) => sink.write(tx, rows));
    }
    return this.opts.transaction(async (tx) => {
      for (const [sink, rows] of groups) await sink.write(tx, rows);
    });
  }

  private async retrying(fn: () => Promise<void>): Promise<void> {
    const { initialMs, maxMs } = this.opts.retry ?? { initialMs: 100, maxMs: 5_000 };
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        this.counts.dbErrors += 1;
        const permanent = isPermanentDbError(error);
        this.opts.metrics.dbErrors.inc({ operation: permanent ? "ingest-rows" : "ingest-flush" });
        if (permanent) throw error;
        if (this.giveUpAt !== undefined && Date.now() >= this.giveUpAt) throw new GaveUp("drain timeout");
        const delay = Math.min(maxMs, initialMs * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
        this.opts.logger.warn(
          { err: describeDbError(error), attempt, retryInMs: Math.round(delay), pending: this.pending },
          "ingest flush failed; rows kept and retried",
        );
        await sleep(delay);
      }
    }
  }

  private drop(count: number, why: string, error: unknown, row?: unknown): void {
    this.counts.dropped += count;
    this.opts.metrics.dbErrors.inc({ operation: "ingest-dropped" }, count);
    this.opts.logger.error({ err: describeDbError(error), rows: count, row }, `ingest dropped rows: ${why}`);
  }

  private releaseWaiters(all: boolean): void {
    if (this.waiters.length === 0 || (!all && this.pending > this.opts.maxPending)) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
