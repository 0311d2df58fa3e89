import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { createEnrollmentToken } from "../../auth/device-enrollment.js";
import { devices } from "../../db/schema/index.js";
import { notFound } from "../../errors/api-error.js";
import type { App, HttpDeps } from "../app-types.js";
import { requireAdmin, requireSiteRow } from "../guards.js";
import { bearer, body, DeviceParams, errors, json, SiteParams } from "../schemas/common.js";
import {
  CreatedEnrollmentTokenSchema,
  DeviceListSchema,
  DeviceSchema,
  deviceView,
  enrollmentTokenView,
  ReEnrollBody,
  UpdateDeviceBody,
} from "../schemas/devices.js";

const tags = ["devices"];

const list = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}/devices",
  tags,
  summary: "List a site's devices with their health",
  security: bearer,
  request: { params: SiteParams },
  responses: { 200: json(DeviceListSchema, "Devices, by id"), ...errors(401, 403, 404) },
});

const get = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}/devices/{device}",
  tags,
  summary: "Get one device: online state, agent version, per-camera pipeline figures",
  security: bearer,
  request: { params: DeviceParams },
  responses: { 200: json(DeviceSchema, "The device"), ...errors(401, 403, 404) },
});

const revoke = createRoute({
  method: "post",
  path: "/api/v1/sites/{site}/devices/{device}/revoke",
  tags,
  summary: "Revoke a device's MQTT credentials (admin)",
  description:
    "The broker refuses the device from now on. Enrolling the same device id again with a new token re-keys it.",
  security: bearer,
  request: { params: DeviceParams },
  responses: { 200: json(DeviceSchema, "The revoked device"), ...errors(401, 403, 404) },
});

const update = createRoute({
  method: "patch",
  path: "/api/v1/sites/{site}/devices/{device}",
  tags,
  summary: "Rename a device (admin)",
  security: bearer,
  request: { params: DeviceParams, body: body(UpdateDeviceBody) },
  responses: { 200: json(DeviceSchema, "The renamed device"), ...errors(400, 401, 403, 404) },
});

const reEnroll = createRoute({
  method: "post",
  path: "/api/v1/sites/{site}/devices/{device}/re-enroll",
  tags,
  summary: "Create a single-use re-enrolment token for this device (admin)",
  description:
    "On the device, run `edge-agent init --hub <url> --token <token> --device <device>`: the enrolment " +
    "replaces the device's MQTT credentials (the old ones stop working) and re-activates a revoked device. " +
    "The token works only for this device id.",
  security: bearer,
  request: { params: DeviceParams, body: body(ReEnrollBody) },
  responses: {
    201: json(CreatedEnrollmentTokenSchema, "The token, with its secret shown once"),
    ...errors(400, 401, 403, 404),
  },
});

export function registerDeviceRoutes(app: App, { database, brokerAuth, logger, metrics }: HttpDeps): void {
  const { db } = database;
  // Latency lives in this instance's memory, not in the row: joined in at read time.
  const view = (row: typeof devices.$inferSelect) =>
    deviceView(row, { captureToHubMs: metrics.latency.captureToHub(row.siteId, row.id) });

  app.openapi(list, async (c) => {
    const { site } = c.req.valid("param");
    await requireSiteRow(c, db, site);
    const rows = await db.select().from(devices).where(eq(devices.siteId, site)).orderBy(devices.id);
    return c.json({ devices: rows.map(view) }, 200);
  });

  app.openapi(get, async (c) => {
    const { site, device } = c.req.valid("param");
    await requireSiteRow(c, db, site);
    const [row] = await db
      .select()
      .from(devices)
      .where(and(eq(devices.siteId, site), eq(devices.id, device)));
    if (!row) throw notFound(`device ${device}`);
    return c.json(view(row), 200);
  });

  app.openapi(revoke, async (c) => {
    const { site, device } = c.req.valid("param");
    const admin = requireAdmin(c);
    const [row] = await db
      .update(devices)
      .set({ status: "revoked", revokedAt: new Date(), online: false })
      .where(and(eq(devices.siteId, site), eq(devices.id, device)))
      .returning();
    if (!row) throw notFound(`device ${device}`);
    brokerAuth?.invalidate(row.mqttUsername);
    logger.info({ site, device, by: admin.userId }, "device credentials revoked");
    return c.json(view(row), 200);
  });

  app.openapi(update, async (c) => {
    const { site, device } = c.req.valid("param");
    requireAdmin(c);
    const [row] = await db
      .update(devices)
      .set({ name: c.req.valid("json").name })
      .where(and(eq(devices.siteId, site), eq(devices.id, device)))
      .returning();
    if (!row) throw notFound(`device ${device}`);
    return c.json(view(row), 200);
  });

  app.openapi(reEnroll, async (c) => {
    const { site, device } = c.req.valid("param");
    const admin = requireAdmin(c);
    const [row] = await db
      .select({ id: devices.id })
      .from(devices)
      .where(and(eq(devices.siteId, site), eq(devices.id, device)));
    if (!row) throw notFound(`device ${device}`);
    const { note, expiresInS } = c.req.valid("json");
    const { token, view: tokenView } = await createEnrollmentToken(db, {
      site,
      note: note ?? `re-enrolment of ${device}`,
      ttlS: expiresInS,
      createdBy: admin.userId,
      boundDevice: device,
    });
    logger.info({ site, device, by: admin.userId }, "device re-enrolment token created");
    return c.json({ ...enrollmentTokenView(tokenView), token }, 201);
  });
}
