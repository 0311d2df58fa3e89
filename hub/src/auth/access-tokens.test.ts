import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { AccessTokens } from "./access-tokens.js";

const secret = new TextEncoder().encode("unit-test-secret-0123456789-0123456789");
const tokens = new AccessTokens(secret, 900);
const nowS = () => Math.floor(Date.now() / 1000);

/** A token signed with the hub's own secret, issuer and audience, carrying only the claims asked for. */
async function signed(claims: { sub?: string; iat?: number; exp?: number; typ?: string }): Promise<string> {
  const jwt = new SignJWT({ role: "admin", typ: claims.typ ?? "access" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer("sitewatch-hub")
    .setAudience("sitewatch");
  if (claims.sub !== undefined) jwt.setSubject(claims.sub);
  if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
  if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
  return jwt.sign(secret);
}

async function refusal(token: string): Promise<string> {
  try {
    await tokens.verify(token);
  } catch (err) {
    const { code, message } = err as { code: string; message: string };
    return `${code}: ${message}`;
  }
  return "accepted";
}

describe("access tokens", () => {
  it("accept what the hub signs", async () => {
    expect(await tokens.verify(await tokens.sign({ userId: "u-1", role: "admin" }))).toBe("u-1");
    const now = nowS();
    expect(await tokens.verify(await signed({ sub: "u-2", iat: now, exp: now + 900 }))).toBe("u-2");
  });

  it("refuse a validly signed token without exp, iat or sub", async () => {
    const now = nowS();
    expect(await refusal(await signed({ sub: "u-1", iat: now }))).toMatch(/^UNAUTHENTICATED: invalid/);
    expect(await refusal(await signed({ sub: "u-1", exp: now + 900 }))).toMatch(/^UNAUTHENTICATED: invalid/);
    expect(await refusal(await signed({ iat: now, exp: now + 900 }))).toMatch(/^UNAUTHENTICATED: invalid/);
  });

  it("refuse a token older than the access TTL, however far away its exp", async () => {
    const issued = nowS() - 901 - 30;
    expect(await refusal(await signed({ sub: "u-1", iat: issued, exp: issued + 10 * 365 * 86_400 }))).toBe(
      "UNAUTHENTICATED: access token expired",
    );
  });

  it("refuse a token issued in the future beyond the clock tolerance, and refresh-typed tokens", async () => {
    const later = nowS() + 120;
    expect(await refusal(await signed({ sub: "u-1", iat: later, exp: later + 900 }))).toMatch(
      /^UNAUTHENTICATED: invalid/,
    );
    const now = nowS();
    expect(await refusal(await signed({ sub: "u-1", iat: now, exp: now + 900, typ: "refresh" }))).toBe(
      "UNAUTHENTICATED: not an access token",
    );
  });
});
