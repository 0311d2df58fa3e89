import { createRoute, type z } from "@hono/zod-openapi";
import { notFound } from "../../errors/api-error.js";
import type { DeliveryRow } from "../../notifications/channel-config.js";
import { createChannelSenders } from "../../notifications/channel-senders.js";
import { findChannel } from "../../notifications/channel-store.js";
import { listDeliveries } from "../../notifications/delivery-store.js";
import { notificationMetrics } from "../../notifications/notification-metrics.js";
import { sendTestNotification } from "../../notifications/test-notification.js";
import type { App, HttpDeps } from "../app-types.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import { requireAdmin, requireSiteRow } from "../guards.js";
import { bearer, errors, json, SiteParams } from "../schemas/common.js";
import { ChannelParams } from "../schemas/notifications.js";
import { DeliveryListSchema, DeliveryQuery, DeliverySchema } from "../schemas/notifications-deliveries.js";

const tags = ["notifications"];

const list = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}/notification-deliveries",
  tags,
  summary: "A site's notification delivery log, newest first, in cursor pages",
  security: bearer,
  request: { params: SiteParams, query: DeliveryQuery },
  responses: { 200: json(DeliveryListSchema, "Deliveries"), ...errors(400, 401, 403, 404) },
});

const test = createRoute({
  method: "post",
  path: "/api/v1/sites/{site}/notification-channels/{id}/test",
  tags,
  summary: "Send a test notification now (admins); answers with the logged delivery",
  description: "One attempt, not retried: `status` is `sent` or `failed` with the receiver's answer.",
  security: bearer,
  request: { params: ChannelParams },
  responses: { 200: json(DeliverySchema, "The test delivery"), ...errors(400, 401, 403, 404) },
});

function deliveryView(row: DeliveryRow): z.infer<typeof DeliverySchema> {
  return {
    id: row.id,
    channel: row.channelId,
    event: row.event,
    alertId: row.alertId,
    alertKind: row.alert?.kind ?? null,
    subject: row.alert?.subject ?? null,
    status: row.status,
    attempt: row.attempt,
    nextAttemptAt: row.status === "pending" ? row.nextAttemptAt.toISOString() : null,
    lastError: row.lastError,
    responseCode: row.responseCode,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt ? row.finishedAt.toISOString() : null,
  };
}

export function registerNotificationDeliveryRoutes(app: App, deps: HttpDeps): void {
  const { db } = deps.database;
  const senders = createChannelSenders();
  const metrics = notificationMetrics(deps.metrics.registry);

  app.openapi(list, async (c) => {
    const { site } = c.req.valid("param");
    await requireSiteRow(c, db, site);
    const { channel, limit, cursor } = c.req.valid("query");
    const before = cursor ? decodeCursor(cursor) : undefined;
    // One more than asked, so a last page that is exactly full still ends with a null cursor.
    const rows = await listDeliveries(db, site, { channel, before, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor = rows.length > limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null;
    return c.json({ deliveries: page.map(deliveryView), nextCursor }, 200);
  });

  app.openapi(test, async (c) => {
    requireAdmin(c);
    const { site, id } = c.req.valid("param");
    await requireSiteRow(c, db, site);
    const channel = await findChannel(db, site, id);
    if (!channel) throw notFound(`notification channel ${id}`);
    const row = await sendTestNotification({ db, logger: deps.logger, metrics, senders }, channel);
    return c.json(deliveryView(row), 200);
  });
}
