import { pbkdf2Sync, randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";

/**
 * What external brokers check a device's password against, made at enrolment and stored with the
 * device: Mosquitto's password-file format and nats-server's bcrypt. The broker config generators
 * (mqtt/mosquitto-files.ts, mqtt/nats-files.ts) only copy them into the broker's files.
 */

/**
 * Mosquitto 2 password-file hashes: `$7$<iterations>$<base64 salt>$<base64 PBKDF2-HMAC-SHA512>`, the
 * format mosquitto_passwd writes. 101 iterations is its default and plenty here: device passwords are
 * 256-bit random secrets, so the hash only has to be one-way, not slow.
 */
const ITERATIONS = 101;
const SALT_BYTES = 12;
const HASH_BYTES = 64;

/** The Mosquitto hash of a device password; the enrolment route stores it in devices.mosquitto_hash. */
export function deviceMosquittoHash(password: string): string {
  const salt = randomBytes(SALT_BYTES);
  const hash = pbkdf2Sync(password, salt, ITERATIONS, HASH_BYTES, "sha512");
  return `$7$${ITERATIONS}$${salt.toString("base64")}$${hash.toString("base64")}`;
}

/**
 * nats-server 2.9 reads plain or bcrypt passwords only, so bcrypt is here for NATS, not for its work
 * factor: device passwords are 256-bit random secrets, which no cost makes harder to guess. The cost is
 * paid again by nats-server on every CONNECT, and after a broker restart every device reconnects at
 * once. Measured on 2 shared cores, 100 concurrent connects took 0.6 s at cost 6, 8.1 s at cost 10 and
 * 10.3 s at 11 (and bcryptjs hashes in 6 ms at cost 6, 68 ms at 10 during enrolment), so cost 6.
 */
const DEVICE_BCRYPT_COST = 6;

/** The bcrypt hash of a device password; enrolment stores it in devices.nats_hash. */
export function deviceNatsHash(password: string): string {
  return bcrypt.hashSync(password, DEVICE_BCRYPT_COST);
}
