import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { devices } from "../db/schema/index.js";
import type { Logger } from "../observability/logger.js";
import { deviceNatsHash } from "./broker-hashes.js";
import { hashSecret, isSecretHash, verifyPassword } from "./passwords.js";

/**
 * MQTT usernames of devices are `<site>.<device>`: ids are slugs without dots, so the split is
 * unambiguous, and the broker can derive the device's topic prefix from the username alone.
 */
export function deviceUsername(site: string, device: string): string {
  return `${site}.${device}`;
}

export function parseDeviceUsername(username: string): { site: string; device: string } | null {
  const match = /^([A-Za-z0-9][A-Za-z0-9_-]{0,63})\.([A-Za-z0-9][A-Za-z0-9_-]{0,63})$/.exec(username);
  return match ? { site: match[1] as string, device: match[2] as string } : null;
}

/**
 * What devices.password_hash holds for a new or re-keyed device: the fast `sha256$` hash, since device
 * passwords are 32 random bytes (see hashSecret). Devices enrolled before it have scrypt hashes, which
 * still verify and are replaced by this format on the device's next successful login.
 */
export const devicePasswordHash = hashSecret;

export type DeviceVerdict = "ok" | "bad-password" | "unknown" | "revoked";

/**
 * Checks a device's MQTT password against the database. A legacy scrypt hash goes through the shared
 * hashing gate (it may reject with GateBusyError) and, when it matches, is swapped for the fast format.
 * A device enrolled before devices.nats_hash existed gets it filled here, since only a login or a re-key
 * ever sees its password again. Both updates apply only if the hash is still the one checked, so a
 * re-key in between wins.
 */
export async function checkDevicePassword(
  db: Db,
  username: string,
  password: string,
  logger: Logger,
): Promise<DeviceVerdict> {
  const [row] = await db
    .select({ status: devices.status, passwordHash: devices.passwordHash, natsHash: devices.natsHash })
    .from(devices)
    .where(eq(devices.mqttUsername, username));
  if (!row) return "unknown";
  if (row.status !== "active") return "revoked";
  if (!(await verifyPassword(password, row.passwordHash))) return "bad-password";
  const legacy = !isSecretHash(row.passwordHash);
  if (legacy || !row.natsHash) {
    try {
      await db
        .update(devices)
        .set({
          ...(legacy ? { passwordHash: devicePasswordHash(password) } : {}),
          ...(row.natsHash ? {} : { natsHash: deviceNatsHash(password) }),
        })
        .where(and(eq(devices.mqttUsername, username), eq(devices.passwordHash, row.passwordHash)));
      logger.info({ username, scrypt: legacy, nats: !row.natsHash }, "device password hashes upgraded");
    } catch (err) {
      // The login itself is fine; the next one tries the upgrade again.
      logger.warn({ err, username }, "could not upgrade a device's stored password hashes");
    }
  }
  return "ok";
}
