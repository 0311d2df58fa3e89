import { uuidv7 } from "@sitewatch/shared-protocol";
import type { Db } from "../db/client.js";
import { notificationDeliveries } from "../db/schema/index.js";
import type { Logger } from "../observability/logger.js";
import { DEFAULT_RETRY } from "./backoff.js";
import type { ChannelRow, DeliveryRow } from "./channel-config.js";
import type { ChannelSenders } from "./channel-sender.js";
import { deliverOne } from "./deliver-one.js";
import type { NotificationMetrics } from "./notification-metrics.js";

export interface TestSendDeps {
  db: Db;
  logger: Logger;
  metrics: NotificationMetrics;
  senders: ChannelSenders;
  now?: () => number;
}

/**
 * "Send test notification": one attempt, made while the admin waits, so the answer says whether the
 * settings work (and what the receiver replied). It is written to the delivery log like any other, and
 * never retried: a test that fails should be fixed and sent again, not arrive an hour later.
 */
export async function sendTestNotification(deps: TestSendDeps, channel: ChannelRow): Promise<DeliveryRow> {
  const now = deps.now ?? Date.now;
  const at = new Date(now());
  const [row] = await deps.db
    .insert(notificationDeliveries)
    .values({
      id: uuidv7(at.getTime()),
      siteId: channel.siteId,
      channelId: channel.id,
      alertId: null,
      event: "test",
      alert: null,
      status: "pending",
      attempt: 1,
      // Far enough ahead that the dispatcher never claims it while this request sends it.
      nextAttemptAt: new Date(at.getTime() + 3_600_000),
      createdAt: at,
    })
    .returning();
  if (!row) throw new Error("insert returned no row");
  const outcome = await deliverOne({ ...deps, now, retry: DEFAULT_RETRY }, row);
  return {
    ...row,
    status: outcome.ok ? "sent" : "failed",
    responseCode: outcome.responseCode ?? null,
    lastError: outcome.ok ? null : outcome.error,
    finishedAt: new Date(now()),
  };
}
