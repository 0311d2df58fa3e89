import { z } from "zod";

/**
 * Identifiers that appear inside MQTT topics must not contain the topic separators or wildcards
 * (`/`, `+`, `#`), nor `$` (reserved by brokers); a short slug keeps topics readable in broker logs.
 */
export const slugSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/,
    "must be 1-64 letters, digits, '-' or '_', starting alphanumeric",
  );

export const siteIdSchema = slugSchema.describe("Site id, e.g. `gangnam-1`");
export const deviceIdSchema = slugSchema.describe("Edge device id, unique within its site");
export const cameraIdSchema = slugSchema.describe("Camera id, unique within its device");
export const seatIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, "must be 1-32 letters, digits, '-' or '_'")
  .describe('Physical seat label, e.g. "1A"');

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const eventIdSchema = z
  .string()
  .regex(UUID_V7, "must be a lowercase UUIDv7")
  .describe("UUIDv7 event id; the hub ignores an id it has already stored");

let lastMs = -1;
let counter = 0;
// Web Crypto (global in Node ≥ 19 and every browser), so the dashboard bundles the same code.
const random = new Uint8Array(16);
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/**
 * RFC 9562 UUIDv7. Within one millisecond the 12-bit `rand_a` field is a counter, so ids minted by one
 * process sort in creation order; that lets the hub use them as time-ordered primary keys.
 */
export function uuidv7(now: number = Date.now()): string {
  globalThis.crypto.getRandomValues(random);
  let ms = now;
  if (ms <= lastMs) {
    ms = lastMs;
    counter += 1;
    if (counter > 0xfff) {
      ms = lastMs + 1;
      counter = 0;
    }
  } else {
    counter = (((random[14] ?? 0) << 8) | (random[15] ?? 0)) & 0x3ff;
  }
  lastMs = ms;
  const bytes = random;
  // 48-bit big-endian milliseconds; division, not shifts, because JS shifts are 32-bit.
  for (let i = 5, v = ms; i >= 0; i--, v = Math.floor(v / 256)) bytes[i] = v % 256;
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  let hex = "";
  for (const b of bytes) hex += HEX[b];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Milliseconds since the Unix epoch encoded in a UUIDv7. */
export function uuidv7Time(id: string): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
