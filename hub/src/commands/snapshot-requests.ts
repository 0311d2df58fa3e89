import type { ErrorCode } from "@sitewatch/shared-protocol";
import { and, eq, ne } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { deviceCommands, snapshots } from "../db/schema/index.js";

export interface SnapshotAnswer {
  site: string;
  device: string;
  camera: string;
  /** The command the picture claims to answer. */
  command: string;
  /** The snapshot event's own id: the same picture delivered again is not a second answer. */
  snapshot: string;
}

export type SnapshotRequestVerdict = { ok: true } | { ok: false; code: ErrorCode; reason: string };

// What a snapshot command carries, as the hub stored it in device_commands.payload.
type RequestPayload = { camera?: unknown; timeoutMs?: unknown };

const FALLBACK_TIMEOUT_MS = 10_000;

/**
 * Whether a picture answers a snapshot command the hub sent, read from `device_commands` so that any
 * hub instance can tell (the picture may reach another instance than the one that sent the command).
 * A request is open while it is not failed or timed out and for twice its timeout after it was sent:
 * the REST caller waits that long (the ack, then the picture, which may trail the `completed` ack).
 */
export class SnapshotRequests {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  async check(answer: SnapshotAnswer): Promise<SnapshotRequestVerdict> {
    const [request] = await this.db
      .select({
        name: deviceCommands.name,
        status: deviceCommands.status,
        payload: deviceCommands.payload,
        createdAt: deviceCommands.createdAt,
      })
      .from(deviceCommands)
      .where(
        and(
          eq(deviceCommands.id, answer.command),
          eq(deviceCommands.siteId, answer.site),
          eq(deviceCommands.deviceId, answer.device),
        ),
      );
    const payload = (request?.payload ?? {}) as RequestPayload;
    if (request?.name !== "snapshot" || payload.camera !== answer.camera) {
      return refuse("FORBIDDEN", `no snapshot request ${answer.command} for camera ${answer.camera}`);
    }
    const timeoutMs = typeof payload.timeoutMs === "number" ? payload.timeoutMs : FALLBACK_TIMEOUT_MS;
    if (request.status === "failed" || request.status === "timeout") {
      return refuse("COMMAND_TIMEOUT", `snapshot request ${answer.command} is already ${request.status}`);
    }
    if (this.now() > request.createdAt.getTime() + 2 * timeoutMs) {
      return refuse("COMMAND_TIMEOUT", `snapshot request ${answer.command} is no longer waiting`);
    }
    const [earlier] = await this.db
      .select({ id: snapshots.id })
      .from(snapshots)
      .where(
        and(
          eq(snapshots.siteId, answer.site),
          eq(snapshots.deviceId, answer.device),
          eq(snapshots.cameraId, answer.camera),
          eq(snapshots.commandId, answer.command),
          ne(snapshots.id, answer.snapshot),
        ),
      )
      .limit(1);
    if (earlier) return refuse("DUPLICATE_EVENT", `snapshot request ${answer.command} was already answered`);
    return { ok: true };
  }
}

const refuse = (code: ErrorCode, reason: string): SnapshotRequestVerdict => ({ ok: false, code, reason });
