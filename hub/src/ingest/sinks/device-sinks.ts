import type { CameraRole } from "@sitewatch/shared-protocol";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import type { BatchSink } from "../batch-writer.js";
import { type Column, columnList, recordsSelect } from "./records.js";

/** Fields of a device row that messages change; absent fields keep their stored value. */
export interface DevicePatch {
  siteId: string;
  deviceId: string;
  /** When the hub heard from the device (hub clock: device clocks may be off). */
  seenAt: Date;
  online?: boolean;
  health?: unknown;
  agentVersion?: string;
}

export interface CameraStateRow {
  siteId: string;
  deviceId: string;
  cameraId: string;
  state: string;
  reason: string | null;
  at: Date;
  stream?: { width: number; height: number; codec: string; fps: number };
  /** The device's role for the camera; agents before protocol 1.x's `role` field ran seats only. */
  role?: CameraRole;
}

const key = (...parts: string[]) => parts.join("\u0000");

/** Merges patches per device in arrival order: later fields win, last-seen only moves forward. */
export function mergeDevicePatches(rows: readonly DevicePatch[]): DevicePatch[] {
  const merged = new Map<string, DevicePatch>();
  for (const row of rows) {
    const k = key(row.siteId, row.deviceId);
    const into = merged.get(k);
    if (!into) {
      merged.set(k, { ...row });
      continue;
    }
    if (row.seenAt > into.seenAt) into.seenAt = row.seenAt;
    if (row.online !== undefined) into.online = row.online;
    if (row.health !== undefined) into.health = row.health;
    if (row.agentVersion !== undefined) into.agentVersion = row.agentVersion;
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, p]) => p);
}

const patchColumns: Column<DevicePatch>[] = [
  { name: "site_id", type: "text", value: (p) => p.siteId },
  { name: "id", type: "text", value: (p) => p.deviceId },
  { name: "seen_at", type: "timestamptz", value: (p) => p.seenAt },
  { name: "online", type: "boolean", value: (p) => p.online },
  { name: "health", type: "jsonb", value: (p) => p.health },
  { name: "agent_version", type: "text", value: (p) => p.agentVersion },
];

/**
 * devices.online / last_seen_at / health / agent_version in one `update … from json_to_recordset(…)` per flush: the
 * device rows exist (enrolment made them), and unknown devices never get this far.
 */
export const devicePatchSink: BatchSink<DevicePatch, Db> = {
  name: "devices",
  async write(tx, rows) {
    // Flushes may commit out of order (concurrent transactions, several hubs): a patch older than the
    // stored last-seen time moves nothing, so a late "offline" cannot override a newer "online".
    const newer = sql.raw("(d.last_seen_at is null or v.seen_at >= d.last_seen_at)");
    await tx.execute(sql`
      update devices as d set
        last_seen_at = greatest(d.last_seen_at, v.seen_at),
        online = case when ${newer} then coalesce(v.online, d.online) else d.online end,
        health = case when ${newer} then coalesce(v.health, d.health) else d.health end,
        agent_version = case when ${newer} then coalesce(v.agent_version, d.agent_version) else d.agent_version end
      from (${recordsSelect(mergeDevicePatches(rows), patchColumns)}) as v
      where d.site_id = v.site_id and d.id = v.id`);
  },
};

const cameraColumns: Column<CameraStateRow>[] = [
  { name: "site_id", type: "text", value: (r) => r.siteId },
  { name: "device_id", type: "text", value: (r) => r.deviceId },
  { name: "id", type: "text", value: (r) => r.cameraId },
  // A camera first heard of through its status is named by its id and takes the device's role.
  { name: "name", type: "text", value: (r) => r.cameraId },
  { name: "role", type: "text", value: (r) => r.role ?? "seats" },
  { name: "state", type: "text", value: (r) => r.state },
  { name: "state_reason", type: "text", value: (r) => r.reason },
  { name: "state_at", type: "timestamptz", value: (r) => r.at },
  { name: "width", type: "integer", value: (r) => r.stream?.width },
  { name: "height", type: "integer", value: (r) => r.stream?.height },
  { name: "codec", type: "text", value: (r) => r.stream?.codec },
  { name: "fps", type: "real", value: (r) => r.stream?.fps },
];

/**
 * Camera connection state. A camera the hub has not been told about is registered from its first status
 * (with the role the device reports, named by its id) so its state is visible; an admin renames it
 * later. The role an admin set is never overwritten by a status. Stream
 * details are kept when a status omits them, and an older status never overwrites a newer one.
 */
export const cameraStateSink: BatchSink<CameraStateRow, Db> = {
  name: "cameras",
  async write(tx, rows) {
    const latest = new Map<string, CameraStateRow>();
    for (const row of rows) {
      const k = key(row.siteId, row.deviceId, row.cameraId);
      const current = latest.get(k);
      if (!current || row.at >= current.at) latest.set(k, row);
    }
    const ordered = [...latest.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
    await tx.execute(sql`
      insert into cameras ${columnList(cameraColumns)} ${recordsSelect(ordered, cameraColumns)}
      on conflict (site_id, device_id, id) do update set
        state = excluded.state, state_reason = excluded.state_reason, state_at = excluded.state_at,
        width = coalesce(excluded.width, cameras.width), height = coalesce(excluded.height, cameras.height),
        codec = coalesce(excluded.codec, cameras.codec), fps = coalesce(excluded.fps, cameras.fps)
      where cameras.state_at is null or excluded.state_at >= cameras.state_at`);
  },
};
