import { createRoute, z } from "@hono/zod-openapi";
import { type Point, polygonProblem } from "@sitewatch/shared-protocol";
import { and, asc, eq, type SQL } from "drizzle-orm";
import { cameras, seatStatus, seats } from "../../../db/schema/index.js";
import { ApiError, notFound } from "../../../errors/api-error.js";
import type { App, HttpDeps } from "../../../http/app-types.js";
import { pushDeviceConfig } from "../../../http/device-config.js";
import { requireSiteRow } from "../../../http/guards.js";
import { PushSchema } from "../../../http/schemas/cameras.js";
import { bearer, body, errors, json, SiteParams } from "../../../http/schemas/common.js";
import {
  CreateSeatBody,
  SeatListQuery,
  SeatListSchema,
  SeatParams,
  SeatSchema,
  SeatWriteSchema,
  seatView,
  UpdateSeatBody,
} from "./seat-schemas.js";

const tags = ["seats"];
const Deleted = z.object({ ok: z.literal(true), push: PushSchema }).openapi("SeatDeleted");

const list = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}/seats",
  tags,
  summary: "List a site's seats",
  security: bearer,
  request: { params: SiteParams, query: SeatListQuery },
  responses: { 200: json(SeatListSchema, "Seats by id"), ...errors(400, 401, 403, 404) },
});

const get = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}/seats/{seat}",
  tags,
  summary: "Get a seat",
  security: bearer,
  request: { params: SeatParams },
  responses: { 200: json(SeatSchema, "The seat"), ...errors(401, 403, 404) },
});

const create = createRoute({
  method: "post",
  path: "/api/v1/sites/{site}/seats",
  tags,
  summary: "Define a seat polygon on a camera; the device gets its new configuration",
  security: bearer,
  request: { params: SiteParams, body: body(CreateSeatBody) },
  responses: {
    201: json(SeatWriteSchema, "The seat and the push outcome"),
    ...errors(400, 401, 403, 404, 409, 422),
  },
});

const update = createRoute({
  method: "patch",
  path: "/api/v1/sites/{site}/seats/{seat}",
  tags,
  summary: "Change a seat's polygon, camera, kind, layout or active flag",
  description:
    "The device gets its new configuration, except when only `layout` (the dashboard's floor-plan " +
    "position) changed: then `push.status` is `skipped` and the configuration revision stays.",
  security: bearer,
  request: { params: SeatParams, body: body(UpdateSeatBody) },
  responses: {
    200: json(SeatWriteSchema, "The seat and the push outcome"),
    ...errors(400, 401, 403, 404, 422),
  },
});

const remove = createRoute({
  method: "delete",
  path: "/api/v1/sites/{site}/seats/{seat}",
  tags,
  summary: "Delete a seat (its history is kept)",
  security: bearer,
  request: { params: SeatParams },
  responses: { 200: json(Deleted, "Deleted, with the push outcome"), ...errors(401, 403, 404) },
});

const layoutPush = (device: string) => ({
  device,
  status: "skipped" as const,
  message: "only the floor-plan position changed; the device's configuration is the same",
});

function assertPolygon(points: readonly Point[]): void {
  const problem = polygonProblem(points);
  if (problem) throw new ApiError("INVALID_POLYGON", `invalid seat polygon: ${problem}`, { reason: problem });
}

export function registerSeatRoutes(app: App, deps: HttpDeps): void {
  const { db } = deps.database;
  const push = (site: string, device: string) =>
    pushDeviceConfig(
      { db, commands: deps.commands, logger: deps.logger, commandTimeoutMs: deps.config.commandTimeoutMs },
      site,
      device,
    );
  const seatWhere = (site: string, seat: string) => and(eq(seats.siteId, site), eq(seats.id, seat));

  async function assertSeatCamera(site: string, device: string, camera: string): Promise<void> {
    const [cam] = await db
      .select({ role: cameras.role })
      .from(cameras)
      .where(and(eq(cameras.siteId, site), eq(cameras.deviceId, device), eq(cameras.id, camera)));
    if (!cam)
      throw new ApiError("VALIDATION_FAILED", `camera ${device}/${camera} does not exist at site ${site}`);
    if (cam.role !== "seats") {
      throw new ApiError(
        "VALIDATION_FAILED",
        `camera ${device}/${camera} has role ${cam.role}; seats need role seats`,
      );
    }
  }

  app.openapi(list, async (c) => {
    const { site } = c.req.valid("param");
    const q = c.req.valid("query");
    await requireSiteRow(c, db, site);
    const filters: SQL[] = [eq(seats.siteId, site)];
    if (q.device) filters.push(eq(seats.deviceId, q.device));
    if (q.camera) filters.push(eq(seats.cameraId, q.camera));
    if (q.active) filters.push(eq(seats.active, q.active === "true"));
    const rows = await db
      .select()
      .from(seats)
      .where(and(...filters))
      .orderBy(asc(seats.id));
    return c.json({ seats: rows.map(seatView) }, 200);
  });

  app.openapi(get, async (c) => {
    const { site, seat } = c.req.valid("param");
    await requireSiteRow(c, db, site);
    const [row] = await db.select().from(seats).where(seatWhere(site, seat));
    if (!row) throw notFound(`seat ${seat}`);
    return c.json(seatView(row), 200);
  });

  app.openapi(create, async (c) => {
    const { site } = c.req.valid("param");
    await requireSiteRow(c, db, site);
    const input = c.req.valid("json");
    assertPolygon(input.polygon);
    await assertSeatCamera(site, input.device, input.camera);
    const [existing] = await db.select({ id: seats.id }).from(seats).where(seatWhere(site, input.id));
    if (existing) throw new ApiError("CONFLICT", `seat ${input.id} already exists at site ${site}`);
    const [row] = await db
      .insert(seats)
      .values({
        siteId: site,
        id: input.id,
        deviceId: input.device,
        cameraId: input.camera,
        polygon: input.polygon,
        kind: input.kind,
        active: input.active,
        layoutX: input.layout?.x ?? null,
        layoutY: input.layout?.y ?? null,
      })
      .returning();
    if (!row) throw new Error("seat insert returned no row");
    return c.json({ ...seatView(row), push: await push(site, row.deviceId) }, 201);
  });

  app.openapi(update, async (c) => {
    const { site, seat } = c.req.valid("param");
    await requireSiteRow(c, db, site);
    const patch = c.req.valid("json");
    const [before] = await db.select().from(seats).where(seatWhere(site, seat));
    if (!before) throw notFound(`seat ${seat}`);
    if (patch.polygon) assertPolygon(patch.polygon);
    const device = patch.device ?? before.deviceId;
    const camera = patch.camera ?? before.cameraId;
    if (device !== before.deviceId || camera !== before.cameraId)
      await assertSeatCamera(site, device, camera);
    const [row] = await db
      .update(seats)
      .set({
        deviceId: device,
        cameraId: camera,
        ...(patch.polygon ? { polygon: patch.polygon } : {}),
        ...(patch.kind ? { kind: patch.kind } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
        ...(patch.layout !== undefined
          ? { layoutX: patch.layout?.x ?? null, layoutY: patch.layout?.y ?? null }
          : {}),
        updatedAt: new Date(),
      })
      .where(seatWhere(site, seat))
      .returning();
    if (!row) throw notFound(`seat ${seat}`);
    const moved = row.deviceId !== before.deviceId;
    // The floor-plan position is the dashboard's alone: a tile dragged into place must not bump the
    // device's configuration revision nor wait for the device to take the same configuration again.
    const layoutOnly = Object.entries(patch).every(([key, value]) => key === "layout" || value === undefined);
    return c.json(
      {
        ...seatView(row),
        push: layoutOnly ? layoutPush(row.deviceId) : await push(site, row.deviceId),
        ...(moved ? { previousDevicePush: await push(site, before.deviceId) } : {}),
      },
      200,
    );
  });

  app.openapi(remove, async (c) => {
    const { site, seat } = c.req.valid("param");
    await requireSiteRow(c, db, site);
    const [row] = await db.delete(seats).where(seatWhere(site, seat)).returning({ device: seats.deviceId });
    if (!row) throw notFound(`seat ${seat}`);
    await db.delete(seatStatus).where(and(eq(seatStatus.siteId, site), eq(seatStatus.seatId, seat)));
    return c.json({ ok: true as const, push: await push(site, row.device) }, 200);
  });
}
