import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { notificationChannels, sites } from "../db/schema/index.js";
import type { Logger } from "../observability/logger.js";
import { type RetryPolicy, retryDelayMs } from "./backoff.js";
import type { DeliveryRow } from "./channel-config.js";
import type { ChannelSenders, SendOutcome } from "./channel-sender.js";
import { recordAttempt } from "./delivery-store.js";
import { buildMessage } from "./notification-message.js";
import type { NotificationMetrics } from "./notification-metrics.js";

export interface DeliverDeps {
  db: Db;
  logger: Logger;
  metrics: NotificationMetrics;
  senders: ChannelSenders;
  now: () => number;
  retry: RetryPolicy;
}

/**
 * One attempt of one claimed delivery (its attempt already counted by the claim): render, send, record
 * sent, a retry after the backoff, or failure once the attempts are used up or the receiver refused
 * the request outright. Returns the outcome, for test sends that answer with it.
 */
export async function deliverOne(deps: DeliverDeps, row: DeliveryRow): Promise<SendOutcome> {
  const { db, metrics } = deps;
  const [channel] = await db
    .select()
    .from(notificationChannels)
    .where(eq(notificationChannels.id, row.channelId));
  const [site] = await db.select().from(sites).where(eq(sites.id, row.siteId));
  let outcome: SendOutcome;
  if (!channel || !site) outcome = { ok: false, retryable: false, error: "channel or site removed" };
  else if (!channel.enabled && row.event !== "test")
    outcome = { ok: false, retryable: false, error: "channel disabled" };
  else {
    const message = buildMessage({
      event: row.event,
      site: { id: site.id, name: site.name },
      alert: row.alert,
      deliveryId: row.id,
      now: deps.now(),
    });
    outcome = await deps.senders[channel.kind].send(channel, message);
  }
  const delay =
    outcome.ok || !outcome.retryable || row.event === "test" ? null : retryDelayMs(row.attempt, deps.retry);
  const now = deps.now();
  await recordAttempt(db, row.id, outcome, now, delay === null ? null : now + delay);
  const kind = channel?.kind ?? "unknown";
  const result = outcome.ok ? "sent" : delay === null ? "failed" : "retry";
  metrics.attempts.inc({ kind, outcome: result });
  if (!outcome.ok)
    deps.logger.warn(
      {
        channel: row.channelId,
        delivery: row.id,
        attempt: row.attempt,
        error: outcome.error,
        retryInMs: delay,
      },
      "notification attempt failed",
    );
  return outcome;
}
