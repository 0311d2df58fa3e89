import { z } from "@hono/zod-openapi";
import { hubAlertSchema } from "@sitewatch/shared-protocol";
import { annotate, siteParam, uuidParam } from "./common.js";

/** The very object `alert:raised` / `alert:resolved` push (shared-protocol's hubAlertSchema). */
export const AlertSchema = annotate(hubAlertSchema, "Alert");

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
