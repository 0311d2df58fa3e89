import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { WorkGate } from "./work-gate.js";

export { GateBusyError } from "./work-gate.js";

const scrypt = promisify(scryptCb) as (
  pw: string,
  salt: Buffer,
  len: number,
  opts: object,
) => Promise<Buffer>;
// OWASP's scrypt minimum for people's passwords: N=2^17, r=8, p=1 (128 MiB and ~0.5 s per hash on one
// core). scrypt needs 128·N·r bytes, and Node refuses a maxmem of exactly that, hence the margin.
const PARAMS = { N: 2 ** 17, r: 8, p: 1 };
const MAXMEM = 128 * PARAMS.N * PARAMS.r + 16 * 1024 * 1024;
const KEY_LEN = 32;
const SECRET_SCHEME = "sha256";

/**
 * Every scrypt in this process passes here. libuv has 4 threads by default, shared with file I/O and
 * DNS; two hashes at once leave the others free and cap memory at ~2 × 128 MiB. Verifications of
 * unauthenticated logins may wait in a short queue and are refused beyond it (see tryRun).
 */
const scryptGate = new WorkGate({ concurrency: 2, queue: 8 });

/** `scrypt$N$r$p$salt$hash`, all base64url; self-describing so parameters can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptGate.run(() => scrypt(password, salt, KEY_LEN, { ...PARAMS, maxmem: MAXMEM }));
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64url"), key.toString("base64url")].join(
    "$",
  );
}

/**
 * `sha256$<digest>` of a random secret (device passwords). A fast unsalted hash is enough because the
 * secret is 32 random bytes: there is no dictionary to try and no table to precompute, so the only
 * attack is a 2^256 preimage search, which no work factor could make harder in a way that matters.
 * A keyed HMAC would add nothing against that and would need a key shared by every hub instance.
 * Only for secrets from newSecret(); never for anything a person chose.
 */
export function hashSecret(secret: string): string {
  return `${SECRET_SCHEME}$${createHash("sha256").update(secret).digest("base64url")}`;
}

export function isSecretHash(stored: string): boolean {
  return stored.startsWith(`${SECRET_SCHEME}$`);
}

/**
 * Checks `password` against either format this module writes. scrypt runs through the shared gate:
 * when it is saturated this rejects with GateBusyError without hashing. `whenAdmitted` runs once the
 * hash is about to start (after any wait) and may throw to abandon it, e.g. when a lockout began while
 * the request was queued.
 */
export async function verifyPassword(
  password: string,
  stored: string,
  options: { whenAdmitted?: () => void } = {},
): Promise<boolean> {
  if (isSecretHash(stored)) {
    options.whenAdmitted?.();
    return equal(Buffer.from(hashSecret(password)), Buffer.from(stored));
  }
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const key = await scryptGate.tryRun(() => {
    options.whenAdmitted?.();
    return scrypt(password, Buffer.from(salt, "base64url"), expected.length, {
      N: Number(n),
      r: Number(r),
      p: Number(p),
      maxmem: MAXMEM,
    });
  });
  return equal(key, expected);
}

/** True for scrypt hashes made with weaker parameters than today's; rehash them after a good login. */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split("$");
  return scheme === "scrypt" && (Number(n) < PARAMS.N || Number(r) < PARAMS.r || Number(p) < PARAMS.p);
}

function equal(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Random secret for tokens and device passwords: 32 bytes, base64url, with a readable prefix. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}

/** Tokens are high-entropy, so a fast hash is enough and lets lookups use an index. */
export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

// 32 symbols (a byte mod 32 is unbiased) without the look-alikes 0/O and 1/l, so it can be read aloud.
const READABLE = "abcdefghijkmnpqrstuvwxyz23456789";
const ONE_TIME_GROUPS = 4;

/**
 * A password an admin hands to a person once (invitation, reset): 16 symbols, 80 random bits, in
 * groups of four such as `k7pq-3mzt-wx9a-hc4e`. The person must change it at their first login.
 */
export function newOneTimePassword(): string {
  const bytes = randomBytes(ONE_TIME_GROUPS * 4);
  const symbols = [...bytes].map((b) => READABLE[b % 32]);
  const groups: string[] = [];
  for (let i = 0; i < symbols.length; i += 4) groups.push(symbols.slice(i, i + 4).join(""));
  return groups.join("-");
}
