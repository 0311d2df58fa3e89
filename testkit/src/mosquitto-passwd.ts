import { pbkdf2Sync, randomBytes } from "node:crypto";

/**
 * Builds Mosquitto password-file content without needing the `mosquitto_passwd` tool (it ships in a
 * different package on some distributions, and shelling out per user is slow).
 *
 * The format is what mosquitto_passwd 2.x writes by default:
 * `user:$7$<iterations>$<base64 salt>$<base64 PBKDF2-HMAC-SHA512(password, salt)>`.
 */

/** mosquitto_passwd's default; Mosquitto reads the count from each line, so any value would verify. */
const ITERATIONS = 101;
const SALT_BYTES = 12;
const HASH_BYTES = 64;

/** One password-file line for `username`. */
export function mosquittoPasswordLine(username: string, password: string): string {
  if (username.includes(":") || /[\r\n]/.test(username)) {
    throw new Error(
      `testkit: a Mosquitto username cannot contain ':' or a newline: ${JSON.stringify(username)}`,
    );
  }
  const salt = randomBytes(SALT_BYTES);
  const hash = pbkdf2Sync(password, salt, ITERATIONS, HASH_BYTES, "sha512");
  return `${username}:$7$${ITERATIONS}$${salt.toString("base64")}$${hash.toString("base64")}`;
}

/**
 * Whole password-file content for a `{ username: password }` map, to write to a file and pass to
 * `startMosquitto({ passwordFile })`.
 */
export function mosquittoPasswordFile(users: Readonly<Record<string, string>>): string {
  return Object.entries(users)
    .map(([username, password]) => mosquittoPasswordLine(username, password))
    .join("\n")
    .concat("\n");
}

/**
 * ACL-file content granting each user the listed rules, e.g. `{ alice: ["readwrite sites/#"] }` becomes
 * `user alice` / `topic readwrite sites/#`. Anything not granted is denied once an ACL file is in use.
 */
export function mosquittoAclFile(grants: Readonly<Record<string, readonly string[]>>): string {
  const blocks = Object.entries(grants).map(([username, rules]) =>
    [`user ${username}`, ...rules.map((rule) => `topic ${rule}`)].join("\n"),
  );
  return `${blocks.join("\n\n")}\n`;
}
