import type { Db } from "../db/client.js";
import { accessLog } from "../db/schema/index.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";

export type AccessRow = typeof accessLog.$inferInsert;

const FLUSH_ROWS = 200;
const FLUSH_MS = 1_000;
// If the database is down, keep at most this many rows rather than growing without bound.
const MAX_BUFFERED = 10_000;

/** Buffers access-log rows and writes them in batches, so logging never adds a query to a request. */
export class AccessLogWriter {
  private buffer: AccessRow[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  dropped = 0;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly metrics?: Metrics,
  ) {}

  add(row: AccessRow): void {
    if (this.buffer.length >= MAX_BUFFERED) {
      this.buffer.shift();
      this.dropped++;
    }
    this.buffer.push(row);
    if (this.buffer.length >= FLUSH_ROWS) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  /** Writes everything buffered so far; resolves when it is stored (or the failure was logged). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.flushing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.db.insert(accessLog).values(batch);
      } catch (err) {
        this.metrics?.dbErrors.inc({ operation: "access_log" });
        this.logger.warn({ err, rows: batch.length }, "could not write access log rows");
      }
    });
    return this.flushing;
  }

  async stop(): Promise<void> {
    await this.flush();
  }
}
