import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createRoute, z } from "@hono/zod-openapi";
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cameras, snapshots } from "../../db/schema/index.js";
import { ApiError, notFound } from "../../errors/api-error.js";
import type { App, HttpDeps } from "../app-types.js";
import { requireSiteRow } from "../guards.js";
import { CameraParams } from "../schemas/cameras.js";
import { bearer, errors, json } from "../schemas/common.js";
import {
  SnapshotImageHeaders,
  SnapshotRequestQuery,
  SnapshotSchema,
  snapshotView,
} from "../schemas/snapshots.js";

const tags = ["cameras"];
const path = "/api/v1/sites/{site}/devices/{device}/cameras/{camera}/snapshot";
// Older pictures may have been removed by retention while their rows wait for the next sweep.
const CANDIDATES = 5;
const POLL_MS = 25;

const latest = createRoute({
  method: "get",
  path,
  tags,
  summary: "The camera's latest stored snapshot (JPEG)",
  description: "NOT_FOUND when the hub holds no picture of this camera; POST asks the device for one.",
  security: bearer,
  request: { params: CameraParams },
  responses: {
    200: {
      description: "The JPEG; its id and capture time are in the headers",
      headers: SnapshotImageHeaders,
      content: { "image/jpeg": { schema: z.string().openapi({ format: "binary" }) } },
    },
    ...errors(401, 403, 404),
  },
});

const take = createRoute({
  method: "post",
  path,
  tags,
  summary: "Ask the device for a fresh snapshot and answer once the hub has stored it",
  description:
    "Sends the snapshot command, waits for the device to complete it and for the JPEG to be stored, then " +
    "describes it (fetch the picture with GET). COMMAND_FAILED (502) when the device reported a failure, " +
    "DEVICE_OFFLINE (503) when it is not connected, COMMAND_TIMEOUT (504) when the answer or the picture " +
    "did not arrive in time.",
  security: bearer,
  request: { params: CameraParams, query: SnapshotRequestQuery },
  responses: {
    201: json(SnapshotSchema, "The stored snapshot"),
    ...errors(400, 401, 403, 404, 409, 502, 503, 504),
  },
});

type Camera = { site: string; device: string; camera: string };
type SnapshotRow = typeof snapshots.$inferSelect;

const cameraWhere = (p: Camera) =>
  and(eq(snapshots.siteId, p.site), eq(snapshots.deviceId, p.device), eq(snapshots.cameraId, p.camera));

async function readJpeg(dataDir: string, row: SnapshotRow): Promise<Uint8Array<ArrayBuffer> | null> {
  try {
    // Rows hold paths the ingest built from validated ids, relative to the data directory.
    return new Uint8Array(await readFile(join(dataDir, row.path)));
  } catch {
    return null;
  }
}

/**
 * The row the ingest stores for the picture answering `commandId`, once its JPEG is readable. The
 * picture travels as its own MQTT message and is written in the ingest's next batch, so it may land
 * shortly before or after the device's `completed` ack: poll until it is there or `waitMs` passes.
 */
async function awaitStored(
  db: Db,
  dataDir: string,
  p: Camera,
  commandId: string,
  waitMs: number,
): Promise<SnapshotRow | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const [row] = await db
      .select()
      .from(snapshots)
      .where(and(cameraWhere(p), eq(snapshots.commandId, commandId)))
      .limit(1);
    if (row && (await readJpeg(dataDir, row))) return row;
    if (Date.now() >= deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export function registerSnapshotRoutes(app: App, deps: HttpDeps): void {
  const { db } = deps.database;
  const { dataDir, commandTimeoutMs } = deps.config;

  app.openapi(latest, async (c) => {
    const p = c.req.valid("param");
    await requireSiteRow(c, db, p.site);
    const rows = await db
      .select()
      .from(snapshots)
      .where(cameraWhere(p))
      .orderBy(desc(snapshots.at), desc(snapshots.id))
      .limit(CANDIDATES);
    for (const row of rows) {
      const jpeg = await readJpeg(dataDir, row);
      if (!jpeg) continue;
      return c.body(jpeg, 200, {
        "content-type": "image/jpeg",
        "cache-control": "private, no-cache",
        "x-snapshot-id": row.id,
        "x-captured-at": row.at.toISOString(),
        "x-faces-blurred": String(row.facesBlurred),
      });
    }
    throw notFound(`snapshot of camera ${p.device}/${p.camera}`);
  });

  app.openapi(take, async (c) => {
    const p = c.req.valid("param");
    const { maxWidth } = c.req.valid("query");
    const { principal } = await requireSiteRow(c, db, p.site);
    const [camera] = await db
      .select({ id: cameras.id })
      .from(cameras)
      .where(and(eq(cameras.siteId, p.site), eq(cameras.deviceId, p.device), eq(cameras.id, p.camera)));
    if (!camera) throw notFound(`camera ${p.device}/${p.camera}`);
    if (!deps.commands) throw new ApiError("INTERNAL", "this hub process has no command relay");

    // Unknown, revoked and offline devices are refused (and recorded) by the CommandService.
    const outcome = await deps.commands.send(
      "snapshotRequest",
      { site: p.site, device: p.device },
      { camera: p.camera, ...(maxWidth ? { maxWidth } : {}) },
      { by: principal, waitFor: "completed", timeoutMs: commandTimeoutMs },
    );
    if (outcome.status === "timeout") {
      throw new ApiError(
        "COMMAND_TIMEOUT",
        `device ${p.device} did not answer the snapshot request in time`,
        {
          commandId: outcome.id,
        },
      );
    }
    if (outcome.status === "failed") {
      throw new ApiError(
        "COMMAND_FAILED",
        outcome.error?.message ?? `device ${p.device} reported a failure`,
        {
          commandId: outcome.id,
          deviceError: outcome.error,
        },
      );
    }
    const row = await awaitStored(db, dataDir, p, outcome.id, commandTimeoutMs);
    if (!row) {
      throw new ApiError(
        "COMMAND_TIMEOUT",
        `device ${p.device} took the snapshot but the picture never arrived`,
        {
          commandId: outcome.id,
        },
      );
    }
    return c.json(snapshotView(row), 201);
  });
}
