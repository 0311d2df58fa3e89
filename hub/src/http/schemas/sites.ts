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

export const SiteSchema = z
  .object({ id: z.string(), name: z.string(), timezone: z.string(), createdAt: timestamp })
  .openapi("Site");

export const SiteListSchema = z.object({ sites: z.array(SiteSchema) }).openapi("SiteList");

export const CreateSiteBody = z
  .object({ id: siteIdSchema, name: z.string().min(1).max(200), timezone: timezone.default("UTC") })
  .openapi("CreateSiteRequest");

export const UpdateSiteBody = z
  .object({ name: z.string().min(1).max(200).optional(), timezone: timezone.optional() })
  .openapi("UpdateSiteRequest");

export function siteView(s: typeof sites.$inferSelect): z.infer<typeof SiteSchema> {
  return { id: s.id, name: s.name, timezone: s.timezone, createdAt: iso(s.createdAt) };
}
