import type { MiddlewareHandler } from "hono";
import type { Db } from "../../db/client.js";
import { accessLog } from "../../db/schema/index.js";
import type { Logger } from "../../observability/logger.js";
import type { Metrics } from "../../observability/metrics.js";
import type { AppEnv } from "../app-types.js";
import { remoteAddress } from "./request-context.js";

type AccessRow = typeof accessLog.$inferInsert;

const FLUSH_ROWS = 200;
const FLUSH_MS = 1_000;
// If the database is down, keep at most this many rows rather than growing without bound.
const MAX_BUFFERED = 10_000;
const UNLOGGED = new Set(["/healthz", "/readyz", "/metrics"]);

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

/** One pino line and one access_log row per request, except health probes and metric scrapes. */
export function accessLogMiddleware(writer: AccessLogWriter, logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    if (UNLOGGED.has(c.req.path)) return;
    const durationMs = Math.round(performance.now() - started);
    const row: AccessRow = {
      at: new Date(),
      requestId: c.get("requestId"),
      userId: c.get("principal")?.userId ?? null,
      method: c.req.method,
      path: c.req.path.slice(0, 1024),
      status: c.res.status,
      ip: remoteAddress(c) ?? null,
      durationMs,
    };
    logger.info(
      {
        requestId: row.requestId,
        method: row.method,
        path: row.path,
        status: row.status,
        ms: durationMs,
        userId: row.userId,
        ip: row.ip,
      },
      "request",
    );
    writer.add(row);
  };
}
