import { createRoute, type z } from "@hono/zod-openapi";
import { ApiError, notFound } from "../../errors/api-error.js";
import type { ChannelRow } from "../../notifications/channel-config.js";
import {
  type ChannelWrite,
  createChannel,
  deleteChannel,
  findChannel,
  listChannels,
  updateChannel,
} from "../../notifications/channel-store.js";
import type { App, HttpDeps } from "../app-types.js";
import { requireAdmin, requireSiteRow } from "../guards.js";
import { bearer, body, errors, json, OkBody, SiteParams } from "../schemas/common.js";
import {
  ChannelListSchema,
  ChannelParams,
  type ChannelSchema,
  CreateChannelBody,
  channelConfigSchemas,
  PatchChannelBody,
  WrittenChannelSchema,
} from "../schemas/notifications.js";

const tags = ["notifications"];
const path = "/api/v1/sites/{site}/notification-channels";

const list = createRoute({
  method: "get",
  path,
  tags,
  summary: "A site's notification channels (webhooks, ntfy push, e-mail); secrets are never shown",
  security: bearer,
  request: { params: SiteParams },
  responses: { 200: json(ChannelListSchema, "Channels, oldest first"), ...errors(400, 401, 403, 404) },
});

const create = createRoute({
  method: "post",
  path,
  tags,
  summary: "Add a notification channel (admins)",
  description:
    "A webhook gets a signing secret, returned in this answer only (`secret`). Webhook requests carry " +
    "`X-Sitewatch-Timestamp` (unix seconds) and `X-Sitewatch-Signature: sha256=<hex HMAC-SHA256 of " +
    "'<timestamp>.<raw body>'>`; refuse requests whose timestamp is more than 5 minutes off.",
  security: bearer,
  request: { params: SiteParams, body: body(CreateChannelBody) },
  responses: { 201: json(WrittenChannelSchema, "The channel"), ...errors(400, 401, 403, 404) },
});

const get = createRoute({
  method: "get",
  path: `${path}/{id}`,
  tags,
  summary: "One notification channel",
  security: bearer,
  request: { params: ChannelParams },
  responses: { 200: json(WrittenChannelSchema, "The channel"), ...errors(400, 401, 403, 404) },
});

const patch = createRoute({
  method: "patch",
  path: `${path}/{id}`,
  tags,
  summary: "Change a notification channel (admins); `rotateSecret` gives a webhook a new secret, shown once",
  security: bearer,
  request: { params: ChannelParams, body: body(PatchChannelBody) },
  responses: { 200: json(WrittenChannelSchema, "The channel"), ...errors(400, 401, 403, 404) },
});

const remove = createRoute({
  method: "delete",
  path: `${path}/{id}`,
  tags,
  summary: "Delete a notification channel and its delivery log (admins)",
  security: bearer,
  request: { params: ChannelParams },
  responses: { 200: json(OkBody, "Deleted"), ...errors(400, 401, 403, 404) },
});

export function channelView(row: ChannelRow): z.infer<typeof ChannelSchema> {
  return {
    id: row.id,
    site: row.siteId,
    kind: row.kind,
    name: row.name,
    config: row.config,
    hasSecret: row.secret !== null,
    enabled: row.enabled,
    alertKinds: row.alertKinds,
    events: row.events,
    quietHours: row.quietHours,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function written({ row, shownSecret }: ChannelWrite) {
  return { ...channelView(row), ...(shownSecret ? { secret: shownSecret } : {}) };
}

export function registerNotificationChannelRoutes(app: App, deps: HttpDeps): void {
  const { db } = deps.database;

  app.openapi(list, async (c) => {
    const { site } = c.req.valid("param");
    await requireSiteRow(c, db, site);
    return c.json({ channels: (await listChannels(db, site)).map(channelView) }, 200);
  });

  app.openapi(create, async (c) => {
    requireAdmin(c);
    const { site } = c.req.valid("param");
    await requireSiteRow(c, db, site);
    const input = c.req.valid("json");
    const secret = "secret" in input ? input.secret : undefined;
    return c.json(written(await createChannel(db, site, { ...input, secret })), 201);
  });

  app.openapi(get, async (c) => {
    const { site, id } = c.req.valid("param");
    await requireSiteRow(c, db, site);
    const row = await findChannel(db, site, id);
    if (!row) throw notFound(`notification channel ${id}`);
    return c.json(channelView(row), 200);
  });

  app.openapi(patch, async (c) => {
    requireAdmin(c);
    const { site, id } = c.req.valid("param");
    await requireSiteRow(c, db, site);
    const current = await findChannel(db, site, id);
    if (!current) throw notFound(`notification channel ${id}`);
    const input = c.req.valid("json");
    let config: Record<string, unknown> | undefined;
    if (input.config) {
      const parsed = channelConfigSchemas[current.kind].safeParse(input.config);
      if (!parsed.success)
        throw new ApiError("VALIDATION_FAILED", `invalid ${current.kind} config`, parsed.error.issues);
      config = parsed.data;
    }
    if (current.kind === "webhook" && input.secret !== undefined)
      throw new ApiError("VALIDATION_FAILED", "a webhook's secret is made by the hub: use rotateSecret");
    return c.json(written(await updateChannel(db, current, { ...input, config })), 200);
  });

  app.openapi(remove, async (c) => {
    requireAdmin(c);
    const { site, id } = c.req.valid("param");
    await requireSiteRow(c, db, site);
    if (!(await deleteChannel(db, site, id))) throw notFound(`notification channel ${id}`);
    return c.json({ ok: true as const }, 200);
  });
}
