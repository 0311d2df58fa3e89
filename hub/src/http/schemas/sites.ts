import { z } from "@hono/zod-openapi";
import { siteIdSchema } from "@sitewatch/shared-protocol";
import type { sites } from "../../db/schema/index.js";
import { iso, timestamp } from "./common.js";

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const timezone = z
  .string()
  .max(64)
  .refine(isTimeZone, "must be an IANA time zone such as Asia/Seoul")
  .describe("IANA time zone; statistics are bucketed by this zone's local hours and days");

const alertHeldMinutes = z
  .number()
  .int()
  .min(1)
  .max(24 * 60)
  .describe("Raise a seat-held alert when a seat stays held longer than this many minutes");
const alertVacantHours = z
  .number()
  .int()
  .min(1)
  .max(7 * 24)
  .describe("Raise a seat-vacant alert when a seat stays empty longer than this many hours");

export const SiteSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    timezone: z.string(),
    alertHeldMinutes: z.number().int(),
    alertVacantHours: z.number().int(),
    createdAt: timestamp,
  })
  .openapi("Site");

export const SiteListSchema = z.object({ sites: z.array(SiteSchema) }).openapi("SiteList");

export const CreateSiteBody = z
  .object({
    id: siteIdSchema,
    name: z.string().min(1).max(200),
    timezone: timezone.default("UTC"),
    alertHeldMinutes: alertHeldMinutes.default(30),
    alertVacantHours: alertVacantHours.default(4),
  })
  .openapi("CreateSiteRequest");

export const UpdateSiteBody = z
  .object({
    name: z.string().min(1).max(200).optional(),
    timezone: timezone.optional(),
    alertHeldMinutes: alertHeldMinutes.optional(),
    alertVacantHours: alertVacantHours.optional(),
  })
  .openapi("UpdateSiteRequest");

export function siteView(s: typeof sites.$inferSelect): z.infer<typeof SiteSchema> {
  return {
    id: s.id,
    name: s.name,
    timezone: s.timezone,
    alertHeldMinutes: s.alertHeldMinutes,
    alertVacantHours: s.alertVacantHours,
    createdAt: iso(s.createdAt),
  };
}
