import { createRoute, z } from "@hono/zod-openapi";
import { type CameraRole, deviceIdSchema, type GateSettings } from "@sitewatch/shared-protocol";
import { and, asc, count, eq } from "drizzle-orm";
import { cameras, devices, seats } from "../../db/schema/index.js";
import { ApiError, notFound } from "../../errors/api-error.js";
import type { App, HttpDeps } from "../app-types.js";
import { pushDeviceConfig } from "../device-config.js";
import { requireSiteRow } from "../guards.js";
import {
  CameraListSchema,
  CameraParams,
  CameraSchema,
  CameraWithPushSchema,
  CreateCameraBody,
  cameraView,
  PushSchema,
  UpdateCameraBody,
} from "../schemas/cameras.js";
import { bearer, body, DeviceParams, errors, json, SiteParams } from "../schemas/common.js";

const tags = ["cameras"];
const Deleted = z.object({ ok: z.literal(true), push: PushSchema }).openapi("CameraDeleted");
const base = "/api/v1/sites/{site}/devices/{device}/cameras";

const list = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}/cameras",
  tags,
  summary: "List a site's cameras (optionally of one device)",
  security: bearer,
  request: { params: SiteParams, query: z.object({ device: deviceIdSchema.optional() }) },
  responses: { 200: json(CameraListSchema, "Cameras by device and id"), ...errors(400, 401, 403, 404) },
});

const get = createRoute({
  method: "get",
  path: `${base}/{camera}`,
  tags,
  summary: "Get a camera",
  security: bearer,
  request: { params: CameraParams },
  responses: { 200: json(CameraSchema, "The camera"), ...errors(401, 403, 404) },
});

const create = createRoute({
  method: "post",
  path: base,
  tags,
  summary: "Add a camera to a device; the device gets its new configuration",
  security: bearer,
  request: { params: DeviceParams, body: body(CreateCameraBody) },
  responses: {
    201: json(CameraWithPushSchema, "The camera and the push outcome"),
    ...errors(400, 401, 403, 404, 409),
  },
});

const update = createRoute({
  method: "patch",
  path: `${base}/{camera}`,
  tags,
  summary: "Change a camera's name, role, URL, sampling interval, enabled flag or gate settings",
  security: bearer,
  request: { params: CameraParams, body: body(UpdateCameraBody) },
  responses: {
    200: json(CameraWithPushSchema, "The camera and the push outcome"),
    ...errors(400, 401, 403, 404, 409),
  },
});

const remove = createRoute({
  method: "delete",
  path: `${base}/{camera}`,
  tags,
  summary: "Remove a camera (it must have no seats)",
  security: bearer,
  request: { params: CameraParams },
  responses: { 200: json(Deleted, "Deleted, with the push outcome"), ...errors(401, 403, 404, 409) },
});

/** Gate settings belong to gate cameras; anywhere else they would be stored and never pushed. */
function requireGateRole(gate: GateSettings | null | undefined, role: CameraRole, camera: string): void {
  if (!gate || role === "gate") return;
  const message = `gate settings are for gate cameras; ${camera} is a ${role} camera`;
  throw new ApiError("VALIDATION_FAILED", `invalid json.gate: ${message}`, [
    { path: "gate", message, code: "custom" },
  ]);
}

export function registerCameraRoutes(app: App, deps: HttpDeps): void {
  const { db } = deps.database;
  const push = (site: string, device: string) =>
    pushDeviceConfig(
      { db, commands: deps.commands, logger: deps.logger, commandTimeoutMs: deps.config.commandTimeoutMs },
      site,
      device,
    );
  const where = (p: { site: string; device: string; camera: string }) =>
    and(eq(cameras.siteId, p.site), eq(cameras.deviceId, p.device), eq(cameras.id, p.camera));
  const seatCount = async (p: { site: string; device: string; camera: string }) => {
    const [row] = await db
      .select({ n: count() })
      .from(seats)
      .where(and(eq(seats.siteId, p.site), eq(seats.deviceId, p.device), eq(seats.cameraId, p.camera)));
    return row?.n ?? 0;
  };

  app.openapi(list, async (c) => {
    const { site } = c.req.valid("param");
    const { device } = c.req.valid("query");
    await requireSiteRow(c, db, site);
    const filter = device
      ? and(eq(cameras.siteId, site), eq(cameras.deviceId, device))
      : eq(cameras.siteId, site);
    const rows = await db
      .select()
      .from(cameras)
      .where(filter)
      .orderBy(asc(cameras.deviceId), asc(cameras.id));
    return c.json({ cameras: rows.map(cameraView) }, 200);
  });

  app.openapi(get, async (c) => {
    const p = c.req.valid("param");
    await requireSiteRow(c, db, p.site);
    const [row] = await db.select().from(cameras).where(where(p));
    if (!row) throw notFound(`camera ${p.device}/${p.camera}`);
    return c.json(cameraView(row), 200);
  });

  app.openapi(create, async (c) => {
    const { site, device } = c.req.valid("param");
    await requireSiteRow(c, db, site);
    const { gate, ...input } = c.req.valid("json");
    requireGateRole(gate, input.role, input.id);
    const [dev] = await db
      .select({ id: devices.id })
      .from(devices)
      .where(and(eq(devices.siteId, site), eq(devices.id, device)));
    if (!dev) throw notFound(`device ${device}`);
    const [existing] = await db
      .select({ id: cameras.id })
      .from(cameras)
      .where(where({ site, device, camera: input.id }));
    if (existing) throw new ApiError("CONFLICT", `camera ${device}/${input.id} already exists`);
    const [row] = await db
      .insert(cameras)
      .values({ siteId: site, deviceId: device, ...input, settings: gate ?? null })
      .returning();
    if (!row) throw new Error("camera insert returned no row");
    return c.json({ ...cameraView(row), push: await push(site, device) }, 201);
  });

  app.openapi(update, async (c) => {
    const p = c.req.valid("param");
    await requireSiteRow(c, db, p.site);
    const { gate, ...fields } = c.req.valid("json");
    const [current] = await db.select({ role: cameras.role }).from(cameras).where(where(p));
    if (!current) throw notFound(`camera ${p.device}/${p.camera}`);
    const role = fields.role ?? current.role;
    requireGateRole(gate, role, p.camera);
    if (fields.role && fields.role !== "seats" && (await seatCount(p)) > 0) {
      throw new ApiError(
        "CONFLICT",
        `camera ${p.camera} has seats; delete or move them before changing its role`,
      );
    }
    // Settings are the role's own: a camera changing role starts without them unless it is given some.
    const settings =
      gate !== undefined ? { settings: gate } : role !== current.role ? { settings: null } : {};
    const patch = { ...fields, ...settings };
    const rows =
      Object.keys(patch).length > 0
        ? await db.update(cameras).set(patch).where(where(p)).returning()
        : await db.select().from(cameras).where(where(p));
    if (!rows[0]) throw notFound(`camera ${p.device}/${p.camera}`);
    return c.json({ ...cameraView(rows[0]), push: await push(p.site, p.device) }, 200);
  });

  app.openapi(remove, async (c) => {
    const p = c.req.valid("param");
    await requireSiteRow(c, db, p.site);
    const n = await seatCount(p);
    if (n > 0) throw new ApiError("CONFLICT", `camera ${p.camera} still has ${n} seat(s); delete them first`);
    const deleted = await db.delete(cameras).where(where(p)).returning({ id: cameras.id });
    if (deleted.length === 0) throw notFound(`camera ${p.device}/${p.camera}`);
    return c.json({ ok: true as const, push: await push(p.site, p.device) }, 200);
  });
}
