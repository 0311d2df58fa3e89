import { createRoute, z } from "@hono/zod-openapi";
import { notFound } from "../../../errors/api-error.js";
import type { App, HttpDeps } from "../../../http/app-types.js";
import { requireSiteRow } from "../../../http/guards.js";
import { annotate, bearer, body, errors, json, SiteParams } from "../../../http/schemas/common.js";
import {
  effectiveThresholds,
  effectiveThresholdsSchema,
  saveSiteThresholds,
  storedOverrides,
  type ThresholdOverrides,
  thresholdOverridesSchema,
} from "../attention-thresholds-store.js";

const tags = ["attention"];
const path = "/api/v1/sites/{site}/attention-settings";

const Overrides = annotate(thresholdOverridesSchema, "AttentionThresholdOverrides");

const AttentionSettingsSchema = z
  .object({
    overrides: Overrides,
    effective: annotate(effectiveThresholdsSchema, "AttentionThresholds").describe(
      "What a focus session started now gets: the overrides over the defaults",
    ),
  })
  .openapi("AttentionSettings");

const UpdateAttentionSettingsBody = z
  .strictObject({
    thresholds: Overrides.describe(
      "The site's new overrides, replacing the previous ones; {} returns the site to the defaults",
    ),
  })
  .openapi("UpdateAttentionSettingsRequest");

const get = createRoute({
  method: "get",
  path,
  tags,
  summary: "A site's attention thresholds: its overrides and the effective values",
  security: bearer,
  request: { params: SiteParams },
  responses: { 200: json(AttentionSettingsSchema, "The site's thresholds"), ...errors(400, 401, 403, 404) },
});

const put = createRoute({
  method: "put",
  path,
  tags,
  summary: "Replace a site's attention-threshold overrides (admins and the site's managers)",
  description:
    "Focus sessions started afterwards use the new values; running sessions keep the ones they started with.",
  security: bearer,
  request: { params: SiteParams, body: body(UpdateAttentionSettingsBody) },
  responses: {
    200: json(AttentionSettingsSchema, "The site's new thresholds"),
    ...errors(400, 401, 403, 404),
  },
});

const view = (overrides: ThresholdOverrides) => ({ overrides, effective: effectiveThresholds(overrides) });

/** Per-site thresholds of the attention machine, read by FocusSessions at each session start. */
export function registerAttentionSettingsRoutes(app: App, { database }: HttpDeps): void {
  const { db } = database;

  app.openapi(get, async (c) => {
    const { site } = c.req.valid("param");
    const { site: row } = await requireSiteRow(c, db, site);
    return c.json(view(storedOverrides(row.attentionThresholds)), 200);
  });

  app.openapi(put, async (c) => {
    const { site } = c.req.valid("param");
    await requireSiteRow(c, db, site);
    const { thresholds } = c.req.valid("json");
    // Ranges and keys were checked with the body; what the overrides mean together is checked here.
    const settings = view(thresholds);
    if (!(await saveSiteThresholds(db, site, thresholds))) throw notFound(`site ${site}`);
    return c.json(settings, 200);
  });
}
