import { z } from "@hono/zod-openapi";
import { hubAlertSchema } from "@sitewatch/shared-protocol";
import type { AlertRow } from "../../alerts/alert-store.js";
import { iso, siteParam, timestamp, uuidParam } from "./common.js";

export const AlertSchema = z
  .object({
    id: z.string(),
    site: z.string(),
    kind: hubAlertSchema.shape.kind,
    subject: z.string().describe("Seat id, `device/camera` or device id, depending on the kind"),
    since: timestamp.describe("When the condition began"),
    message: z.string(),
    raisedAt: timestamp,
    resolvedAt: timestamp.nullable().describe("Null while the condition lasts"),
    acknowledgedAt: timestamp.nullable(),
    acknowledgedBy: z.string().nullable().describe("E-mail of the user who acknowledged it"),
  })
  .openapi("Alert");

export const AlertListSchema = z.object({ alerts: z.array(AlertSchema) }).openapi("AlertList");

export const AlertQuery = z.object({
  state: z
    .enum(["open", "all"])
    .default("open")
    .describe("`open`: alerts whose condition lasts, oldest first; `all`: also resolved ones, newest first"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const AlertParams = z.object({
  site: siteParam,
  id: uuidParam("id"),
});

export function alertView(row: AlertRow): z.infer<typeof AlertSchema> {
  return {
    id: row.id,
    site: row.siteId,
    kind: row.kind,
    subject: row.subject,
    since: iso(row.since),
    message: row.message,
    raisedAt: iso(row.raisedAt),
    resolvedAt: iso(row.resolvedAt),
    acknowledgedAt: iso(row.acknowledgedAt),
    acknowledgedBy: row.acknowledgedBy,
  };
}
