import { z } from "@hono/zod-openapi";
import { timestamp } from "./common.js";

export const DeliverySchema = z
  .object({
    id: z.string(),
    channel: z.string(),
    event: z.enum(["raised", "resolved", "acknowledged", "test"]),
    alertId: z.string().nullable(),
    alertKind: z.string().nullable(),
    subject: z.string().nullable(),
    status: z.enum(["pending", "sent", "failed"]),
    attempt: z.number().int().describe("Attempts made so far"),
    nextAttemptAt: timestamp.nullable().describe("When a pending delivery is tried next"),
    lastError: z.string().nullable(),
    responseCode: z.number().int().nullable().describe("HTTP status or SMTP reply code of the last attempt"),
    createdAt: timestamp,
    finishedAt: timestamp.nullable(),
  })
  .openapi("NotificationDelivery");

export const DeliveryListSchema = z
  .object({
    deliveries: z.array(DeliverySchema),
    nextCursor: z.string().nullable().describe("Pass as `cursor` for the next (older) page; null at the end"),
  })
  .openapi("NotificationDeliveryList");

export const DeliveryQuery = z.object({
  channel: z
    .string()
    .regex(/^[0-9a-f-]{36}$/i, "must be a UUID")
    .optional()
    .describe("Only this channel's deliveries"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().describe("`nextCursor` of the previous page"),
});
