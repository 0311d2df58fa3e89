import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../../db/schema/index.js";
import { ADMIN, startTestHub, type TestHub } from "../http.test-support.js";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.close());

const loginBody = async (email: string, password: string) =>
  hub.call("POST", "/api/v1/auth/login", { json: { email, password } });

describe("API token scope", () => {
  it("defaults to admin; a read token may only GET and HEAD", async () => {
    const token = hub.adminToken;
    const full = await hub.call("POST", "/api/v1/tokens", { token, json: { name: "full" } });
    expect(full.status, full.text).toBe(201);
    expect(full.body.scope).toBe("admin");
    const read = await hub.call("POST", "/api/v1/tokens", { token, json: { name: "ro", scope: "read" } });
    expect(read.body).toMatchObject({ scope: "read", lastUsedAt: null, revokedAt: null });
    expect(read.body.token).toMatch(/^sw_/);

    const me = await hub.call("GET", "/api/v1/auth/me", { token: read.body.token });
    expect(me.body).toMatchObject({ via: "api-token", scope: "read", role: "admin" });
    expect((await hub.call("GET", "/api/v1/sites", { token: read.body.token })).status).toBe(200);
    expect((await hub.call("HEAD", "/api/v1/sites", { token: read.body.token })).status).toBe(200);
    const write = await hub.call("POST", "/api/v1/sites", {
      token: read.body.token,
      json: { id: "ro-site", name: "Nope" },
    });
    expect(write.status).toBe(403);
    expect(write.body.error).toMatchObject({ code: "FORBIDDEN", details: { scope: "read" } });
    expect(write.body.error.message).toMatch(/read-only/);
    // It cannot mint itself a stronger token, nor revoke one.
    const mint = await hub.call("POST", "/api/v1/tokens", { token: read.body.token, json: { name: "x" } });
    expect(mint.status).toBe(403);
    const del = await hub.call("DELETE", `/api/v1/tokens/${full.body.id}`, { token: read.body.token });
    expect(del.status).toBe(403);
    // The admin-scope token still writes.
    const ok = await hub.call("POST", "/api/v1/sites", {
      token: full.body.token,
      json: { id: "rw-site", name: "Yes" },
    });
    expect(ok.status, ok.text).toBe(201);

    const list = await hub.call("GET", "/api/v1/tokens", { token });
    const byName = Object.fromEntries(list.body.tokens.map((t: { name: string }) => [t.name, t]));
    expect(byName.ro).toMatchObject({ scope: "read", revokedAt: null });
    expect(byName.ro.lastUsedAt).not.toBeNull();
    expect(byName.ro.token).toBeUndefined();
    const bad = await hub.call("POST", "/api/v1/tokens", { token, json: { name: "x", scope: "write" } });
    expect(bad.status).toBe(400);
  });
});

describe("invitations and password changes", () => {
  it("invites with a one-time password that must be changed, once", async () => {
    const token = hub.adminToken;
    const invited = await hub.call("POST", "/api/v1/users", {
      token,
      json: { email: "new@example.com", role: "site_manager", sites: [] },
    });
    expect(invited.status, invited.text).toBe(201);
    expect(invited.body.mustChangePassword).toBe(true);
    const otp = invited.body.oneTimePassword as string;
    expect(otp).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const again = await hub.call("GET", `/api/v1/users/${invited.body.id}`, { token });
    expect(again.body.oneTimePassword).toBeUndefined();
    expect(again.body.mustChangePassword).toBe(true);

    const session = await loginBody("new@example.com", otp);
    expect(session.status, session.text).toBe(200);
    expect(session.body.user.mustChangePassword).toBe(true);
    const access = session.body.accessToken as string;
    expect((await hub.call("GET", "/api/v1/auth/me", { token: access })).body).toMatchObject({
      mustChangePassword: true,
      scope: "admin",
    });

    const change = (json: object) => hub.call("POST", "/api/v1/auth/password", { token: access, json });
    const wrong = await change({ currentPassword: "not-it-at-all", newPassword: "a-new-password" });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/current password/);
    expect((await change({ currentPassword: otp, newPassword: "short" })).status).toBe(400);
    expect((await change({ currentPassword: otp, newPassword: otp })).status).toBe(400);
    const changed = await change({ currentPassword: otp, newPassword: "a-new-password" });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.user.mustChangePassword).toBe(false);
    expect(changed.body.accessToken).toEqual(expect.any(String));
    // The login made with the one-time password ended; the new session works.
    const old = await hub.call("POST", "/api/v1/auth/refresh", {
      json: { refreshToken: session.body.refreshToken },
    });
    expect(old.status).toBe(401);
    const fresh = await hub.call("POST", "/api/v1/auth/refresh", {
      json: { refreshToken: changed.body.refreshToken },
    });
    expect(fresh.status).toBe(200);
    expect((await loginBody("new@example.com", otp)).status).toBe(401);
    expect((await loginBody("new@example.com", "a-new-password")).body.user.mustChangePassword).toBe(false);
  });

  it("resets a password: new one-time password, sessions revoked; a bad user is 404", async () => {
    const token = hub.adminToken;
    const created = await hub.call("POST", "/api/v1/users", {
      token,
      json: { email: "reset@example.com", password: "first-password", role: "admin" },
    });
    expect(created.body.mustChangePassword).toBe(false);
    expect(created.body.oneTimePassword).toBeUndefined();
    const before = await loginBody("reset@example.com", "first-password");
    const reset = await hub.call("POST", `/api/v1/users/${created.body.id}/reset-password`, { token });
    expect(reset.status, reset.text).toBe(200);
    expect(reset.body.user).toMatchObject({ email: "reset@example.com", mustChangePassword: true });
    expect((await loginBody("reset@example.com", "first-password")).status).toBe(401);
    expect((await loginBody("reset@example.com", reset.body.oneTimePassword)).status).toBe(200);
    const refresh = await hub.call("POST", "/api/v1/auth/refresh", {
      json: { refreshToken: before.body.refreshToken },
    });
    expect(refresh.status).toBe(401);
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await hub.call("POST", `/api/v1/users/${missing}/reset-password`, { token })).status).toBe(404);
    const manager = await hub.call("POST", "/api/v1/users", {
      token,
      json: { email: "mgr@example.com", password: "mgr-password", role: "site_manager" },
    });
    const mgrToken = await hub.login("mgr@example.com", "mgr-password");
    const refused = await hub.call("POST", `/api/v1/users/${created.body.id}/reset-password`, {
      token: mgrToken,
    });
    expect(refused.status).toBe(403);
    expect((await hub.call("GET", "/api/v1/setup", { token: mgrToken })).status).toBe(403);
    // An admin setting someone else's password is a reset too; their own is not.
    const patched = await hub.call("PATCH", `/api/v1/users/${manager.body.id}`, {
      token,
      json: { password: "given-by-admin" },
    });
    expect(patched.body.mustChangePassword).toBe(true);
  });

  it("disabling a user ends their sessions and API tokens", async () => {
    const token = hub.adminToken;
    const u = await hub.call("POST", "/api/v1/users", {
      token,
      json: { email: "gone@example.com", password: "gone-password", role: "site_manager" },
    });
    const session = await loginBody("gone@example.com", "gone-password");
    const api = await hub.call("POST", "/api/v1/tokens", {
      token: session.body.accessToken,
      json: { name: "script", scope: "read" },
    });
    expect((await hub.call("GET", "/api/v1/sites", { token: api.body.token })).status).toBe(200);
    const off = await hub.call("PATCH", `/api/v1/users/${u.body.id}`, { token, json: { disabled: true } });
    expect(off.body.disabled).toBe(true);
    expect((await hub.call("GET", "/api/v1/sites", { token: api.body.token })).status).toBe(401);
    const r = await hub.call("POST", "/api/v1/auth/refresh", {
      json: { refreshToken: session.body.refreshToken },
    });
    expect(r.status).toBe(401);
    const on = await hub.call("PATCH", `/api/v1/users/${u.body.id}`, { token, json: { disabled: false } });
    expect(on.body.disabled).toBe(false);
    expect((await loginBody("gone@example.com", "gone-password")).status).toBe(200);
  });

  it("the first admin's flag shows in the setup status", async () => {
    await hub.database.db.update(users).set({ mustChangePassword: true }).where(eq(users.email, ADMIN.email));
    const s = await hub.call("GET", "/api/v1/setup", { token: hub.adminToken });
    expect(s.body).toMatchObject({ mustChangePassword: true, usersMustChangePassword: true });
    expect(s.body.nextStep).toBe("change-password");
    await hub.database.db
      .update(users)
      .set({ mustChangePassword: false })
      .where(eq(users.email, ADMIN.email));
  });
});
