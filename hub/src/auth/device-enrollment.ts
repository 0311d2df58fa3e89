import { deviceTopicPrefix, PROTOCOL_VERSION, uuidv7 } from "@sitewatch/shared-protocol";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { devices, enrollmentTokens } from "../db/schema/index.js";
import { ApiError } from "../errors/api-error.js";
import { deviceMosquittoHash, deviceNatsHash } from "./broker-hashes.js";
import { devicePasswordHash, deviceUsername } from "./device-credentials.js";
import { newSecret, sha256 } from "./passwords.js";

export const DEFAULT_ENROLLMENT_TTL_S = 24 * 3600;

export interface EnrollmentTokenView {
  id: string;
  site: string;
  note: string | null;
  expiresAt: Date;
  usedAt: Date | null;
  usedByDevice: string | null;
  /** Set for re-enrolment tokens: only this device id may use it. */
  boundDevice: string | null;
  createdAt: Date;
}

export interface Enrollment {
  site: string;
  device: string;
  mqtt: { username: string; password: string; topicPrefix: string };
  protocolVersion: number;
}

export async function createEnrollmentToken(
  db: Db,
  input: { site: string; note?: string; ttlS?: number; createdBy: string; boundDevice?: string },
): Promise<{ token: string; view: EnrollmentTokenView }> {
  const token = newSecret("enr");
  const [row] = await db
    .insert(enrollmentTokens)
    .values({
      id: uuidv7(),
      siteId: input.site,
      tokenHash: sha256(token),
      note: input.note ?? null,
      expiresAt: new Date(Date.now() + (input.ttlS ?? DEFAULT_ENROLLMENT_TTL_S) * 1000),
      createdBy: input.createdBy,
      boundDevice: input.boundDevice ?? null,
    })
    .returning();
  if (!row) throw new Error("enrolment token insert returned no row");
  return { token, view: tokenView(row) };
}

export async function listEnrollmentTokens(db: Db, site: string): Promise<EnrollmentTokenView[]> {
  const rows = await db
    .select()
    .from(enrollmentTokens)
    .where(eq(enrollmentTokens.siteId, site))
    .orderBy(desc(enrollmentTokens.createdAt));
  return rows.map(tokenView);
}

/**
 * Trades a single-use enrolment token for per-device MQTT credentials. A device id that is already active
 * is refused (an admin revokes it first); a revoked one is re-keyed, which is how a reinstalled agent
 * comes back. A re-enrolment token (bound to one device id) re-keys that device even while it is active,
 * so an admin can replace lost credentials without revoking first; the old password stops working. The password is stored three times, hashed: the fast `sha256$` format for the embedded
 * broker (a random 32-byte secret needs no work factor, see hashSecret), Mosquitto's own PBKDF2 format
 * for `hub broker-config` and bcrypt for `hub broker-config --nats` (see deviceNatsHash for its cost).
 */
export async function enrollDevice(
  db: Db,
  input: { token: string; deviceId: string; name?: string },
): Promise<Enrollment> {
  const [token] = await db
    .select()
    .from(enrollmentTokens)
    .where(eq(enrollmentTokens.tokenHash, sha256(input.token)));
  if (!token) throw new ApiError("UNAUTHENTICATED", "unknown enrolment token");
  if (token.usedAt) {
    throw new ApiError(
      "CONFLICT",
      `enrolment token was already used (by device ${token.usedByDevice ?? "?"})`,
    );
  }
  if (token.expiresAt.getTime() <= Date.now()) {
    throw new ApiError("UNAUTHENTICATED", `enrolment token expired at ${token.expiresAt.toISOString()}`);
  }
  // Checked before the claim, so a typo in the device id does not burn the token.
  if (token.boundDevice !== null && token.boundDevice !== input.deviceId) {
    throw new ApiError(
      "FORBIDDEN",
      `this re-enrolment token is for device ${token.boundDevice}, not ${input.deviceId}`,
    );
  }
  const site = token.siteId;
  const username = deviceUsername(site, input.deviceId);
  const password = newSecret("dev");
  const passwordHash = devicePasswordHash(password);
  const mosquittoHash = deviceMosquittoHash(password);
  const natsHash = deviceNatsHash(password);
  await db.transaction(async (tx) => {
    // Claiming the token inside the transaction makes two racing enrolments with one token end in one device.
    const claimed = await tx
      .update(enrollmentTokens)
      .set({ usedAt: new Date(), usedByDevice: input.deviceId })
      .where(
        and(
          eq(enrollmentTokens.id, token.id),
          isNull(enrollmentTokens.usedAt),
          gt(enrollmentTokens.expiresAt, new Date()),
        ),
      )
      .returning({ id: enrollmentTokens.id });
    if (claimed.length === 0) throw new ApiError("CONFLICT", "enrolment token was already used");
    const [existing] = await tx
      .select({ status: devices.status, name: devices.name })
      .from(devices)
      .where(and(eq(devices.siteId, site), eq(devices.id, input.deviceId)));
    if (existing?.status === "active" && token.boundDevice === null) {
      throw new ApiError(
        "CONFLICT",
        `device ${input.deviceId} is already enrolled at site ${site}; revoke it before enrolling it again`,
      );
    }
    const values = {
      // A re-enrolled device keeps the name an admin gave it unless the installer passes a new one.
      name: input.name ?? existing?.name ?? input.deviceId,
      mqttUsername: username,
      passwordHash,
      status: "active" as const,
      online: false,
      revokedAt: null,
      mosquittoHash,
      natsHash,
    };
    if (existing) {
      await tx
        .update(devices)
        .set(values)
        .where(and(eq(devices.siteId, site), eq(devices.id, input.deviceId)));
    } else {
      await tx.insert(devices).values({ siteId: site, id: input.deviceId, ...values });
    }
  });
  return {
    site,
    device: input.deviceId,
    mqtt: { username, password, topicPrefix: deviceTopicPrefix({ site, device: input.deviceId }) },
    protocolVersion: PROTOCOL_VERSION,
  };
}

function tokenView(row: typeof enrollmentTokens.$inferSelect): EnrollmentTokenView {
  return {
    id: row.id,
    site: row.siteId,
    note: row.note,
    expiresAt: row.expiresAt,
    usedAt: row.usedAt,
    usedByDevice: row.usedByDevice,
    boundDevice: row.boundDevice,
    createdAt: row.createdAt,
  };
}
