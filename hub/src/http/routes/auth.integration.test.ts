import { eq } from "drizzle-orm";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens } from "../../db/schema/index.js";
import { ADMIN, startTestHub, TEST_JWT_SECRET, type TestHub } from "../http.test-support.js";

let hub: TestHub;
let adminId: string;
beforeAll(async () => {
  hub = await startTestHub();
  adminId = (await hub.call("GET", "/api/v1/auth/me", { token: hub.adminToken })).body.userId;
});
afterAll(() => hub.close());

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
const claims = () => ({
  sub: adminId,
  role: "admin",
  typ: "access",
  iss: "sitewatch-hub",
  aud: "sitewatch",
  iat: Math.floor(Date.now() / 1000),
  exp: Math.floor(Date.now() / 1000) + 600,
});

async function expectRefused(token: string, message: RegExp) {
  const r = await hub.call("GET", "/api/v1/auth/me", { token });
  expect(r.status).toBe(401);
  expect(r.body.error.code).toBe("UNAUTHENTICATED");
  expect(r.body.error.message).toMatch(message);
}

describe("login", () => {
  it("returns an access token, a refresh token and the user", async () => {
    const r = await hub.call("POST", "/api/v1/auth/login", {
      json: { email: "ADMIN@example.com ", password: ADMIN.password },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ expiresIn: 900, user: { email: ADMIN.email, role: "admin" } });
    expect(r.body.refreshToken).toMatch(/^swr_/);
    const me = await hub.call("GET", "/api/v1/auth/me", { token: r.body.accessToken });
    expect(me.body).toMatchObject({ email: ADMIN.email, role: "admin", sites: "all", via: "jwt" });
  });

  it("refuses a wrong password and an unknown e-mail with the same answer", async () => {
    const wrong = await hub.call("POST", "/api/v1/auth/login", {
      json: { email: ADMIN.email, password: "nope-nope" },
    });
    const unknown = await hub.call("POST", "/api/v1/auth/login", {
      json: { email: "who@example.com", password: "nope-nope" },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
  });
});

describe("refresh tokens", () => {
  it("rotate on every use, and a reused one revokes the whole login", async () => {
    const login = await hub.call("POST", "/api/v1/auth/login", { json: ADMIN });
    const r1 = login.body.refreshToken as string;
    const second = await hub.call("POST", "/api/v1/auth/refresh", { json: { refreshToken: r1 } });
    expect(second.status).toBe(200);
    const r2 = second.body.refreshToken as string;
    expect(r2).not.toBe(r1);
    expect((await hub.call("GET", "/api/v1/auth/me", { token: second.body.accessToken })).status).toBe(200);

    const reuse = await hub.call("POST", "/api/v1/auth/refresh", { json: { refreshToken: r1 } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.message).toMatch(/already used/);
    // r2 was never used, but it belongs to the compromised family.
    const afterTheft = await hub.call("POST", "/api/v1/auth/refresh", { json: { refreshToken: r2 } });
    expect(afterTheft.status).toBe(401);
    expect(afterTheft.body.error.message).toMatch(/revoked/);
  });

  it("stop working after logout, while other logins keep theirs", async () => {
    const a = (await hub.call("POST", "/api/v1/auth/login", { json: ADMIN })).body;
    const b = (await hub.call("POST", "/api/v1/auth/login", { json: ADMIN })).body;
    const out = await hub.call("POST", "/api/v1/auth/logout", {
      token: a.accessToken,
      json: { refreshToken: a.refreshToken },
    });
    expect(out.status).toBe(200);
    expect(
      (await hub.call("POST", "/api/v1/auth/refresh", { json: { refreshToken: a.refreshToken } })).status,
    ).toBe(401);
    expect(
      (await hub.call("POST", "/api/v1/auth/refresh", { json: { refreshToken: b.refreshToken } })).status,
    ).toBe(200);
  });

  it("refuses unknown refresh tokens", async () => {
    const r = await hub.call("POST", "/api/v1/auth/refresh", { json: { refreshToken: "swr_made-up" } });
    expect(r.status).toBe(401);
    expect(r.body.error.message).toMatch(/unknown/);
  });
});

describe("access tokens", () => {
  it("are refused once expired", async () => {
    const old = await hub.auth.signAccessToken(adminId, "admin", Date.now() - 3600_000);
    await expectRefused(old, /expired/);
  });

  it("are refused when signed with another secret", async () => {
    const forged = await new SignJWT(claims())
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode("another-secret-another-secret-another-secret"));
    await expectRefused(forged, /invalid access token/);
  });

  it("are refused with alg none or another algorithm, even with the right secret", async () => {
    await expectRefused(`${b64({ alg: "none", typ: "JWT" })}.${b64(claims())}.`, /invalid access token/);
    const hs512 = await new SignJWT(claims())
      .setProtectedHeader({ alg: "HS512" })
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    await expectRefused(hs512, /invalid access token/);
  });

  it("are refused when malformed or missing", async () => {
    await expectRefused("not-a-jwt", /invalid/);
    const none = await hub.call("GET", "/api/v1/auth/me");
    expect(none.status).toBe(401);
    expect(none.body.error.message).toMatch(/missing/i);
    const basic = await hub.call("GET", "/api/v1/auth/me", { headers: { authorization: "Basic abc" } });
    expect(basic.status).toBe(401);
  });

  it("stop working when the user is disabled", async () => {
    const created = await hub.call("POST", "/api/v1/users", {
      token: hub.adminToken,
      json: { email: "temp@example.com", password: "temp-password", role: "admin" },
    });
    const token = await hub.login("temp@example.com", "temp-password");
    expect((await hub.call("GET", "/api/v1/auth/me", { token })).status).toBe(200);
    await hub.call("PATCH", `/api/v1/users/${created.body.id}`, {
      token: hub.adminToken,
      json: { disabled: true },
    });
    await expectRefused(token, /disabled/);
  });
});

describe("API tokens", () => {
  it("authenticate scripts, record their use, and stop working when revoked", async () => {
    const created = await hub.call("POST", "/api/v1/tokens", { token: hub.adminToken, json: { name: "ci" } });
    expect(created.status).toBe(201);
    const secret = created.body.token as string;
    expect(secret).toMatch(/^sw_/);
    const me = await hub.call("GET", "/api/v1/auth/me", { token: secret });
    expect(me.status).toBe(200);
    expect(me.body.via).toBe("api-token");

    const listed = await hub.call("GET", "/api/v1/tokens", { token: hub.adminToken });
    const entry = listed.body.tokens.find((t: { id: string }) => t.id === created.body.id);
    expect(entry.token).toBeUndefined();
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    await expect
      .poll(async () => {
        const [row] = await hub.database.db.select().from(apiTokens).where(eq(apiTokens.id, created.body.id));
        return row?.lastUsedAt instanceof Date;
      })
      .toBe(true);

    const revoked = await hub.call("DELETE", `/api/v1/tokens/${created.body.id}`, { token: hub.adminToken });
    expect(revoked.status).toBe(200);
    await expectRefused(secret, /revoked/);
    expect(
      (await hub.call("DELETE", `/api/v1/tokens/${created.body.id}`, { token: hub.adminToken })).status,
    ).toBe(404);
  });

  it("are refused after their expiry and when unknown", async () => {
    const created = await hub.call("POST", "/api/v1/tokens", {
      token: hub.adminToken,
      json: { name: "short", expiresInDays: 1 },
    });
    expect(created.body.expiresAt).not.toBeNull();
    await hub.database.db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.id, created.body.id));
    await expectRefused(created.body.token, /expired/);
    await expectRefused("sw_unknown", /unknown API token/);
  });
});
