import { randomBytes, scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  hashPassword,
  hashSecret,
  isSecretHash,
  needsRehash,
  newOneTimePassword,
  newSecret,
  verifyPassword,
} from "./passwords.js";

/** A hash as the hub wrote them before OWASP's parameters: scrypt N=2^15. */
function legacyHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ["scrypt", 2 ** 15, 8, 1, salt.toString("base64url"), key.toString("base64url")].join("$");
}

describe("people's passwords", () => {
  it("are hashed with scrypt at OWASP's parameters (N=2^17, r=8, p=1) and verify", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterY", stored)).toBe(false);
    expect(needsRehash(stored)).toBe(false);
  });

  it("still verify from older, weaker hashes, which are flagged for a rehash", async () => {
    const stored = legacyHash("old password");
    expect(await verifyPassword("old password", stored)).toBe(true);
    expect(await verifyPassword("other password", stored)).toBe(false);
    expect(needsRehash(stored)).toBe(true);
  });

  it("stop a verification that is no longer wanted when it is admitted", async () => {
    const stored = legacyHash("pw");
    await expect(
      verifyPassword("pw", stored, {
        whenAdmitted: () => {
          throw new Error("locked out meanwhile");
        },
      }),
    ).rejects.toThrow("locked out meanwhile");
  });
});

describe("random secrets (device passwords)", () => {
  it("use the fast sha256 format, verify in constant time, and are never flagged for a rehash", async () => {
    const secret = newSecret("dev");
    const stored = hashSecret(secret);
    expect(stored).toMatch(/^sha256\$[A-Za-z0-9_-]{43}$/);
    expect(isSecretHash(stored)).toBe(true);
    expect(stored).not.toContain(secret.slice(4));
    expect(await verifyPassword(secret, stored)).toBe(true);
    expect(await verifyPassword(`${secret}x`, stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
    expect(needsRehash(stored)).toBe(false);
  });

  it("refuse unknown hash formats", async () => {
    expect(await verifyPassword("x", "md5$abc")).toBe(false);
    expect(await verifyPassword("x", "")).toBe(false);
  });
});

describe("one-time passwords", () => {
  it("are four readable groups of four, without look-alikes, and differ every time", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = newOneTimePassword();
      expect(p).toMatch(/^[a-km-z2-9]{4}(-[a-km-z2-9]{4}){3}$/);
      expect(p).not.toMatch(/[01lo]/);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
    // Long enough for the minimum password length people are held to.
    expect(newOneTimePassword().length).toBeGreaterThanOrEqual(8);
  });
});
