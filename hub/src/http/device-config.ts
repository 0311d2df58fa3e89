import type { CameraConfig, CameraConfigOf, CameraRole } from "@sitewatch/shared-protocol";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Principal } from "../auth/principal.js";
import type { CommandService } from "../commands/command-types.js";
import type { Db } from "../db/client.js";
import { cameras, devices, seats } from "../db/schema/index.js";
import { ApiError } from "../errors/api-error.js";
import type { Logger } from "../observability/logger.js";
import { storedGateSettings } from "./schemas/cameras.js";

/** What became of a configuration push; REST writes report it instead of failing when a device is away. */
export interface PushReport {
  device: string;
  status: "completed" | "accepted" | "failed" | "timeout" | "offline" | "skipped";
  revision?: number;
  message?: string;
}

// A REST call waits at most this long for the device to accept; the change is stored either way.
const PUSH_WAIT_MS = 5_000;

type SeatRow = typeof seats.$inferSelect;
type CameraRow = typeof cameras.$inferSelect;
type CommonField = "camera" | "role" | "enabled" | "url" | "sampleIntervalMs";

/**
 * What a camera of each role carries besides the common fields. Keyed by the protocol's role list, so a
 * role added there does not compile until it says what its cameras are pushed.
 */
const roleFields: {
  [R in CameraRole]: (cam: CameraRow, seatRows: SeatRow[]) => Omit<CameraConfigOf<R>, CommonField>;
} = {
  seats: (cam, seatRows) => ({
    seats: seatRows
      .filter((s) => s.cameraId === cam.id)
      .map((s) => ({ seat: s.id, polygon: s.polygon, kind: s.kind, active: s.active })),
  }),
  // Without stored settings the push leaves them out and the device keeps its own file's.
  gate: (cam) => {
    const gate = storedGateSettings(cam);
    return gate ? { gate } : {};
  },
  attention: () => ({}),
};

/** The device's whole camera and seat configuration, as a `configPush` carries it (it replaces, not patches). */
export async function buildDeviceConfig(db: Db, site: string, device: string): Promise<CameraConfig[]> {
  const cams = await db
    .select()
    .from(cameras)
    .where(and(eq(cameras.siteId, site), eq(cameras.deviceId, device)))
    .orderBy(asc(cameras.id));
  const seatRows = await db
    .select()
    .from(seats)
    .where(and(eq(seats.siteId, site), eq(seats.deviceId, device)))
    .orderBy(asc(seats.id));
  return cams.map(
    (cam) =>
      ({
        camera: cam.id,
        role: cam.role,
        enabled: cam.enabled,
        ...(cam.url ? { url: cam.url } : {}),
        sampleIntervalMs: cam.sampleIntervalMs,
        ...roleFields[cam.role](cam, seatRows),
      }) as CameraConfig,
  );
}

export interface PushDeps {
  db: Db;
  commands?: CommandService;
  logger: Logger;
  commandTimeoutMs: number;
}

/** Bumps the device's config revision and sends the full configuration; never throws. */
export async function pushDeviceConfig(
  deps: PushDeps,
  site: string,
  device: string,
  by?: Principal,
): Promise<PushReport> {
  try {
    const [row] = await deps.db
      .update(devices)
      .set({ configRevision: sql`${devices.configRevision} + 1` })
      .where(and(eq(devices.siteId, site), eq(devices.id, device)))
      .returning({ revision: devices.configRevision, online: devices.online, status: devices.status });
    if (!row) return { device, status: "skipped", message: "the device is not enrolled yet" };
    const revision = row.revision;
    if (row.status === "revoked")
      return { device, status: "skipped", revision, message: "the device is revoked" };
    if (!deps.commands) return { device, status: "skipped", revision, message: "commands are not available" };
    if (!row.online) {
      return {
        device,
        status: "offline",
        revision,
        message: "stored; the device gets it when it reconnects",
      };
    }
    const outcome = await deps.commands.send(
      "configPush",
      { site, device },
      { revision, cameras: await buildDeviceConfig(deps.db, site, device) },
      { by, waitFor: "accepted", timeoutMs: Math.min(PUSH_WAIT_MS, deps.commandTimeoutMs) },
    );
    if (outcome.status === "failed") {
      return {
        device,
        status: "failed",
        revision,
        message: outcome.error?.message ?? "the device refused it",
      };
    }
    return { device, status: outcome.status, revision };
  } catch (err) {
    if (err instanceof ApiError && err.code === "DEVICE_OFFLINE") {
      return { device, status: "offline", message: err.message };
    }
    deps.logger.warn({ err, site, device }, "configuration push failed");
    return { device, status: "failed", message: err instanceof Error ? err.message : String(err) };
  }
}
