import type { HubAlert } from "@sitewatch/shared-protocol";
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { notificationChannels, sites } from "../db/schema/index.js";
import type { DomainEventSource } from "../events/domain-events.js";
import type { Logger } from "../observability/logger.js";
import { routeAlert } from "./alert-routing.js";
import { DEFAULT_RETRY, type RetryPolicy } from "./backoff.js";
import type { AlertEvent } from "./channel-config.js";
import type { ChannelSenders } from "./channel-sender.js";
import { createChannelSenders } from "./channel-senders.js";
import { deliverOne } from "./deliver-one.js";
import { claimDue, countPending, enqueueDeliveries, pruneDeliveries } from "./delivery-store.js";
import type { NotificationMetrics } from "./notification-metrics.js";

export interface NotificationDispatcherOptions {
  db: Db;
  events: DomainEventSource;
  logger: Logger;
  metrics: NotificationMetrics;
  now?: () => number;
  retry?: RetryPolicy;
  senders?: ChannelSenders;
  /** How often due retries are looked for; new alert events do not wait for it. Default 5 s. */
  pollMs?: number;
  /** How long a claimed delivery is reserved for its sender (more than a send can take). Default 60 s. */
  leaseMs?: number;
  /** Delivery log bounds; default 30 days and 1 000 rows per channel. */
  retention?: { maxAgeMs: number; maxRowsPerChannel: number };
}

const EVENT_OF = {
  alertRaised: "raised",
  alertResolved: "resolved",
  alertAcknowledged: "acknowledged",
} as const satisfies Record<string, AlertEvent>;

// Pruning is cheap but needs no minute-level precision.
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Turns alert events on the bus into persisted deliveries, one per channel that routes them, and works
 * through the due ones: at once for a new event, by polling for retries and for what a previous run
 * left pending. Deliveries live in the database, so a restart resumes them.
 */
export class NotificationDispatcher {
  private readonly now: () => number;
  private readonly retry: RetryPolicy;
  private readonly senders: ChannelSenders;
  private unsubscribe: (() => void)[] = [];
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;
  private lastPrune = 0;
  // Alert events still being written as deliveries; stop() lets them finish before the database closes.
  private readonly enqueuing = new Set<Promise<number>>();

  constructor(private readonly opts: NotificationDispatcherOptions) {
    this.now = opts.now ?? Date.now;
    this.retry = opts.retry ?? DEFAULT_RETRY;
    this.senders = opts.senders ?? createChannelSenders();
  }

  start(): void {
    this.stopped = false;
    this.unsubscribe = Object.entries(EVENT_OF).map(([name, event]) =>
      this.opts.events.on(name as keyof typeof EVENT_OF, async (alert) => {
        const enqueued = this.onAlert(event, alert);
        this.enqueuing.add(enqueued);
        await enqueued.finally(() => this.enqueuing.delete(enqueued));
      }),
    );
    this.timer = setInterval(() => this.kick(), this.opts.pollMs ?? 5_000);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    clearInterval(this.timer);
    await Promise.allSettled([...this.enqueuing]);
    await this.running;
  }

  /** Enqueues the event for every channel of the alert's site that routes it; returns how many. */
  async onAlert(event: AlertEvent, alert: HubAlert): Promise<number> {
    const { db } = this.opts;
    const now = this.now();
    const [site] = await db.select().from(sites).where(eq(sites.id, alert.site));
    if (!site) return 0;
    const channels = await db
      .select()
      .from(notificationChannels)
      .where(and(eq(notificationChannels.siteId, alert.site), eq(notificationChannels.enabled, true)));
    const wanted = channels.filter((channel) => {
      const reason = routeAlert(channel, event, alert, { epochMs: now, timeZone: site.timezone });
      if (reason) this.opts.metrics.skipped.inc({ kind: channel.kind, reason });
      return reason === null;
    });
    const rows = wanted.map((c) => ({ siteId: alert.site, channelId: c.id, event, alert }));
    const queued = await enqueueDeliveries(db, rows, now);
    if (queued.length > 0) this.kick();
    return queued.length;
  }

  /** Works through due deliveries now; waits for a run in progress (and one more after it). */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain()
      .catch((err: unknown) => this.opts.logger.error({ err }, "notification delivery run failed"))
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          void this.kick();
        }
      });
    return this.running;
  }

  private async drain(): Promise<void> {
    const { db, logger, metrics } = this.opts;
    for (;;) {
      this.again = false;
      const claimed = await claimDue(db, this.now(), this.opts.leaseMs ?? 60_000, 20);
      if (claimed.length === 0 || this.stopped) break;
      // Different channels do not wait for each other; one slow receiver costs at most its timeout.
      await Promise.all(
        claimed.map((row) =>
          deliverOne({ db, logger, metrics, senders: this.senders, now: this.now, retry: this.retry }, row),
        ),
      );
    }
    metrics.pending.set(await countPending(db));
    const now = this.now();
    if (now - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now;
      await pruneDeliveries(
        db,
        now,
        this.opts.retention ?? { maxAgeMs: 30 * 86_400_000, maxRowsPerChannel: 1_000 },
      );
    }
  }
}
