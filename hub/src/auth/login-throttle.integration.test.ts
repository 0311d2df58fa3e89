import { randomBytes, scryptSync } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../db/schema/index.js";
import { ADMIN, type Reply, startTestHub, type TestHub } from "../http/http.test-support.js";

let hub: TestHub;
// Long enough to outlast the hashes still in flight when the lockout begins, on a busy machine.
const LOCKOUT_MS = 6_000;

beforeAll(async () => {
  hub = await startTestHub({
    config: {
      loginThrottle: {
        maxFailures: 3,
        addressMaxFailures: 4,
        windowMs: 60_000,
        lockoutMs: LOCKOUT_MS,
        maxLockoutMs: 30_000,
      },
    },
  });
});
afterAll(() => hub.close());

const login = (email: string, password: string, remoteAddress: string) =>
  hub.call("POST", "/api/v1/auth/login", { json: { email, password }, env: { remoteAddress } });

async function throttled(scope: string, reason?: string): Promise<number> {
  const values = (await hub.metrics.authThrottled.get()).values;
  return values
    .filter((v) => v.labels.scope === scope && (reason === undefined || v.labels.reason === reason))
    .reduce((sum, v) => sum + v.value, 0);
}

function expectRateLimited(r: Reply) {
  expect(r.status).toBe(429);
  expect(r.body.error.code).toBe("RATE_LIMITED");
  const retryAfter = Number(r.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(r.body.error.details).toEqual({ retryAfterS: retryAfter });
}

describe("login throttling", () => {
  it("answers 300 wrong logins for one account with a few 401s and then 429s, and unlocks after the lockout", async () => {
    const email = "victim@example.com";
    const password = "victim-password";
    const created = await hub.call("POST", "/api/v1/users", {
      token: hub.adminToken,
      json: { email, password, role: "admin" },
    });
    expect(created.status).toBe(201);
    const before = await throttled("login");
    const replies = await Promise.all(
      Array.from({ length: 300 }, (_, i) => login(email, `wrong-password-${i}`, "10.0.0.1")),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    // Only attempts checked before the lockout began reach the hasher (2 may be in flight at once).
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(3);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    for (const r of replies.filter((r) => r.status === 429)) expectRateLimited(r);
    expect((await throttled("login")) - before).toBe(statuses.filter((s) => s === 429).length);

    // Locked out, from any address: even the right password is refused until the lockout ends.
    const during = await login(email, password, "10.0.0.9");
    expectRateLimited(during);
    expect(during.body.error.message).toMatch(/for this account/);
    await sleep(Number(during.headers.get("retry-after")) * 1000 + 100);
    const after = await login(email, password, "10.0.0.9");
    expect(after.status).toBe(200);
    // The success cleared the account's failures: a typo is a plain 401 again.
    expect((await login(email, "typo", "10.0.0.9")).status).toBe(401);
  });

  it("locks out an address that fails on many accounts, without affecting other addresses", async () => {
    for (let i = 0; i < 4; i++) {
      expect((await login(`nobody-${i}@example.com`, "guess-guess", "10.0.0.2")).status).toBe(401);
    }
    const blocked = await login(ADMIN.email, ADMIN.password, "10.0.0.2");
    expectRateLimited(blocked);
    expect(blocked.body.error.message).toMatch(/from this address/);
    expect((await login(ADMIN.email, ADMIN.password, "10.0.0.3")).status).toBe(200);
    // IPv6 neighbours in one /64 share the address's count.
    for (let i = 0; i < 4; i++) {
      expect((await login(`v6-${i}@example.com`, "guess-guess", `2001:db8:5:6::${i + 1}`)).status).toBe(401);
    }
    expectRateLimited(await login(ADMIN.email, ADMIN.password, "2001:db8:5:6::99"));
  });

  it("refuses a distributed flood quickly when the hasher is saturated, while REST keeps answering", async () => {
    const before = await throttled("login", "busy");
    const flood = Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        login(`spray-${i}@example.com`, "guess-guess", `10.1.${Math.floor(i / 250)}.${i % 250}`),
      ),
    );
    const sites = await hub.call("GET", "/api/v1/sites", { token: hub.adminToken });
    expect(sites.status).toBe(200);
    const replies = await flood;
    expect(replies.filter((r) => r.status !== 401 && r.status !== 429)).toEqual([]);
    const busy = replies.filter((r) => r.status === 429);
    expect(busy.length).toBeGreaterThan(0);
    for (const r of busy) expect(r.body.error.message).toMatch(/being checked right now/);
    expect((await throttled("login", "busy")) - before).toBe(busy.length);
  });

  it("upgrades a user's older scrypt hash to today's parameters on a successful login", async () => {
    const email = "legacy@example.com";
    const created = await hub.call("POST", "/api/v1/users", {
      token: hub.adminToken,
      json: { email, password: "legacy-password", role: "site_manager" },
    });
    const salt = randomBytes(16);
    const key = scryptSync("legacy-password", salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    const legacy = ["scrypt", 2 ** 15, 8, 1, salt.toString("base64url"), key.toString("base64url")].join("$");
    await hub.database.db.update(users).set({ passwordHash: legacy }).where(eq(users.id, created.body.id));
    expect((await login(email, "legacy-password", "10.0.0.4")).status).toBe(200);
    const [row] = await hub.database.db.select().from(users).where(eq(users.id, created.body.id));
    expect(row?.passwordHash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect((await login(email, "legacy-password", "10.0.0.4")).status).toBe(200);
  });
});
