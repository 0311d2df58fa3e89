import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newWebhookSecret, signPayload, verifySignature } from "./signature.js";

const secret = "whsec_test";
const body = '{"event":"raised"}';

describe("webhook signatures", () => {
  it("is HMAC-SHA256 over '<timestamp>.<raw body>', hex, prefixed sha256=", () => {
    const expected = createHmac("sha256", secret).update(`1700000000.${body}`).digest("hex");
    expect(signPayload(secret, 1_700_000_000, body)).toBe(`sha256=${expected}`);
  });

  it("verifies a genuine request and refuses a changed body, secret or timestamp", () => {
    const signature = signPayload(secret, 1000, body);
    const ok = { secret, rawBody: body, signature, timestamp: "1000", nowS: 1010 };
    expect(verifySignature(ok)).toBeNull();
    expect(verifySignature({ ...ok, rawBody: `${body} ` })).toBe("signature mismatch");
    expect(verifySignature({ ...ok, secret: "other" })).toBe("signature mismatch");
    // A replay with a fresh timestamp: the signature no longer matches it.
    expect(verifySignature({ ...ok, timestamp: "1005" })).toBe("signature mismatch");
  });

  it("refuses stale or future timestamps and missing headers", () => {
    const signature = signPayload(secret, 1000, body);
    const base = { secret, rawBody: body, signature, timestamp: "1000" };
    expect(verifySignature({ ...base, nowS: 1301 })).toBe("timestamp outside tolerance");
    expect(verifySignature({ ...base, nowS: 699 })).toBe("timestamp outside tolerance");
    expect(verifySignature({ ...base, nowS: 1300 })).toBeNull();
    expect(verifySignature({ ...base, signature: undefined, nowS: 1000 })).toMatch(/missing/);
    expect(verifySignature({ ...base, timestamp: "1e3", nowS: 1000 })).toBe("malformed timestamp");
  });

  it("makes distinct, long secrets", () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
