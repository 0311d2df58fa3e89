import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Webhook signing. The receiver gets `X-Sitewatch-Timestamp: <unix seconds>` and
 * `X-Sitewatch-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`. The timestamp is
 * inside the signed text, so a captured request cannot be replayed later with a fresh timestamp;
 * receivers refuse timestamps older than a few minutes.
 */
export const SIGNATURE_HEADER = "x-sitewatch-signature";
export const TIMESTAMP_HEADER = "x-sitewatch-timestamp";
/** The receiver-side tolerance this hub's own verifier uses (and the docs recommend). */
export const DEFAULT_TOLERANCE_S = 300;

/** A new per-channel signing key: 32 random bytes, shown to the admin once. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export function signPayload(secret: string, timestampS: number, rawBody: string): string {
  const mac = createHmac("sha256", secret).update(`${timestampS}.${rawBody}`).digest("hex");
  return `sha256=${mac}`;
}

export interface VerifyInput {
  secret: string;
  rawBody: string;
  signature: string | undefined;
  timestamp: string | undefined;
  nowS: number;
  toleranceS?: number;
}

/**
 * What a receiver does: the timestamp must be recent and the signature must match in constant time.
 * Returns the reason a request is refused, or null when it is genuine.
 */
export function verifySignature(input: VerifyInput): string | null {
  const { secret, rawBody, signature, timestamp, nowS } = input;
  if (!signature || !timestamp) return "missing signature or timestamp header";
  if (!/^\d{1,12}$/.test(timestamp)) return "malformed timestamp";
  const ts = Number(timestamp);
  if (Math.abs(nowS - ts) > (input.toleranceS ?? DEFAULT_TOLERANCE_S)) return "timestamp outside tolerance";
  const expected = Buffer.from(signPayload(secret, ts, rawBody));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "signature mismatch";
  return null;
}
