import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { cameras } from "../../db/schema/index.js";
import type { BatchSink } from "../batch-writer.js";
import { chunked, rowsPerStatement } from "../db-errors.js";

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

/**
 * devices.online / last_seen_at / health / agent_version. One `update … from (values …)` per flush: the
 * device rows exist (enrolment made them), and unknown devices never get this far.
 */
export const devicePatchSink: BatchSink<DevicePatch, Db> = {
  name: "devices",
  async write(tx, rows) {
    for (const chunk of chunked(mergeDevicePatches(rows), rowsPerStatement(6))) {
      const values = sql.join(
        chunk.map(
          (p) =>
            sql`(${p.siteId}::text, ${p.deviceId}::text, ${p.seenAt.toISOString()}::timestamptz, ${
              p.online ?? null
            }::boolean, ${p.health === undefined ? null : JSON.stringify(p.health)}::jsonb, ${
              p.agentVersion ?? null
            }::text)`,
        ),
        sql`, `,
      );
      await tx.execute(sql`
        update devices as d set
          last_seen_at = greatest(d.last_seen_at, v.seen_at),
          online = coalesce(v.online, d.online),
          health = coalesce(v.health, d.health),
          agent_version = coalesce(v.agent_version, d.agent_version)
        from (values ${values}) as v(site_id, id, seen_at, online, health, agent_version)
        where d.site_id = v.site_id and d.id = v.id`);
    }
  },
};

/**
 * Camera connection state. A camera the hub has not been told about is registered from its first status
 * (role "seats", named by its id) so its state is visible; an admin fixes role and name later. Stream
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
    for (const chunk of chunked(ordered, rowsPerStatement(12))) {
      await tx
        .insert(cameras)
        .values(
          chunk.map((r) => ({
            siteId: r.siteId,
            deviceId: r.deviceId,
            id: r.cameraId,
            name: r.cameraId,
            role: "seats" as const,
            state: r.state,
            stateReason: r.reason,
            stateAt: r.at,
            width: r.stream?.width ?? null,
            height: r.stream?.height ?? null,
            codec: r.stream?.codec ?? null,
            fps: r.stream?.fps ?? null,
          })),
        )
        .onConflictDoUpdate({
          target: [cameras.siteId, cameras.deviceId, cameras.id],
          set: {
            state: sql`excluded.state`,
            stateReason: sql`excluded.state_reason`,
            stateAt: sql`excluded.state_at`,
            width: sql`coalesce(excluded.width, ${cameras.width})`,
            height: sql`coalesce(excluded.height, ${cameras.height})`,
            codec: sql`coalesce(excluded.codec, ${cameras.codec})`,
            fps: sql`coalesce(excluded.fps, ${cameras.fps})`,
          },
          setWhere: sql`${cameras.stateAt} is null or excluded.state_at >= ${cameras.stateAt}`,
        });
    }
  },
};
