import { uuidv7 } from "@sitewatch/shared-protocol";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attentionEvents, attentionSessions, cameras } from "../../db/schema/index.js";
import { seedSite, startTestHub, type TestHub } from "../http.test-support.js";

let hub: TestHub;
let token: string;
beforeAll(async () => {
  hub = await startTestHub();
  token = hub.adminToken;
  await seedSite(hub, "hq");
});
afterAll(() => hub.close());

describe("sites", () => {
  it("create, read, update and delete", async () => {
    const created = await hub.call("POST", "/api/v1/sites", {
      token,
      json: { id: "cafe-1", name: "Cafe", timezone: "Asia/Seoul" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: "cafe-1", name: "Cafe", timezone: "Asia/Seoul" });
    expect(
      (await hub.call("POST", "/api/v1/sites", { token, json: { id: "cafe-1", name: "Again" } })).status,
    ).toBe(409);
    const renamed = await hub.call("PATCH", "/api/v1/sites/cafe-1", { token, json: { name: "Cafe One" } });
    expect(renamed.body.name).toBe("Cafe One");
    expect((await hub.call("DELETE", "/api/v1/sites/cafe-1", { token })).status).toBe(200);
    expect((await hub.call("GET", "/api/v1/sites/cafe-1", { token })).status).toBe(404);
  });
});

describe("users", () => {
  it("are managed by admins, with site scopes, and cannot lock out the caller", async () => {
    const created = await hub.call("POST", "/api/v1/users", {
      token,
      json: { email: "Ops@Example.com", password: "ops-password", role: "site_manager", sites: ["hq"] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: "ops@example.com",
      role: "site_manager",
      sites: ["hq"],
      disabled: false,
    });
    const dup = await hub.call("POST", "/api/v1/users", {
      token,
      json: { email: "ops@example.com", password: "ops-password", role: "admin" },
    });
    expect(dup.status).toBe(409);
    const badSite = await hub.call("POST", "/api/v1/users", {
      token,
      json: { email: "x@example.com", password: "ops-password", role: "site_manager", sites: ["nowhere"] },
    });
    expect(badSite.status).toBe(400);
    expect(badSite.body.error.message).toMatch(/nowhere/);

    const promoted = await hub.call("PATCH", `/api/v1/users/${created.body.id}`, {
      token,
      json: { role: "admin" },
    });
    expect(promoted.body).toMatchObject({ role: "admin", sites: [] });
    const list = await hub.call("GET", "/api/v1/users", { token });
    expect(list.body.users.map((u: { email: string }) => u.email)).toEqual([
      "admin@example.com",
      "ops@example.com",
    ]);

    const me = (await hub.call("GET", "/api/v1/auth/me", { token })).body.userId;
    expect((await hub.call("DELETE", `/api/v1/users/${me}`, { token })).status).toBe(409);
    expect((await hub.call("PATCH", `/api/v1/users/${me}`, { token, json: { disabled: true } })).status).toBe(
      409,
    );
    expect((await hub.call("DELETE", `/api/v1/users/${created.body.id}`, { token })).status).toBe(200);
    expect((await hub.call("GET", `/api/v1/users/${created.body.id}`, { token })).status).toBe(404);
  });

  it("password changes end existing refresh tokens", async () => {
    const u = await hub.call("POST", "/api/v1/users", {
      token,
      json: { email: "pw@example.com", password: "first-password", role: "admin" },
    });
    const session = (
      await hub.call("POST", "/api/v1/auth/login", {
        json: { email: "pw@example.com", password: "first-password" },
      })
    ).body;
    await hub.call("PATCH", `/api/v1/users/${u.body.id}`, { token, json: { password: "second-password" } });
    expect(
      (await hub.call("POST", "/api/v1/auth/refresh", { json: { refreshToken: session.refreshToken } }))
        .status,
    ).toBe(401);
    expect(
      (
        await hub.call("POST", "/api/v1/auth/login", {
          json: { email: "pw@example.com", password: "second-password" },
        })
      ).status,
    ).toBe(200);
  });
});

describe("cameras", () => {
  it("CRUD on a device, with 404 for unknown devices", async () => {
    const base = "/api/v1/sites/hq/devices/d1/cameras";
    const created = await hub.call("POST", base, {
      token,
      json: { id: "lobby", name: "Lobby", role: "attention", sampleIntervalMs: 1000 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: "lobby",
      role: "attention",
      sampleIntervalMs: 1000,
      enabled: true,
      state: "unknown",
      reason: null,
      stateAt: null,
    });
    expect(created.body.push.status).toMatch(/skipped|offline/);
    expect(
      (await hub.call("POST", base, { token, json: { id: "lobby", name: "x", role: "gate" } })).status,
    ).toBe(409);
    expect(
      (
        await hub.call("POST", "/api/v1/sites/hq/devices/ghost/cameras", {
          token,
          json: { id: "a", name: "a", role: "gate" },
        })
      ).status,
    ).toBe(404);
    const tooFast = await hub.call("PATCH", `${base}/lobby`, { token, json: { sampleIntervalMs: 10 } });
    expect(tooFast.status).toBe(400);
    const disabled = await hub.call("PATCH", `${base}/lobby`, {
      token,
      json: { enabled: false, url: "rtsp://u:p@cam/1" },
    });
    expect(disabled.body).toMatchObject({ enabled: false, url: "rtsp://u:***@cam/1" });
    const list = await hub.call("GET", "/api/v1/sites/hq/cameras?device=d1", { token });
    expect(list.body.cameras.map((c: { id: string }) => c.id)).toEqual(["c1", "lobby"]);
    // What camera:status last reported, under its names: state, reason, and its ts in epoch ms.
    const reported = Date.parse("2025-05-05T09:00:00Z");
    await hub.database.db
      .update(cameras)
      .set({ state: "reconnecting", stateReason: "RTSP read timed out", stateAt: new Date(reported) })
      .where(and(eq(cameras.siteId, "hq"), eq(cameras.id, "lobby")));
    expect((await hub.call("GET", `${base}/lobby`, { token })).body).toMatchObject({
      state: "reconnecting",
      reason: "RTSP read timed out",
      stateAt: reported,
    });
    expect((await hub.call("DELETE", `${base}/lobby`, { token })).status).toBe(200);
    expect((await hub.call("GET", `${base}/lobby`, { token })).status).toBe(404);
  });
});

describe("attention sessions", () => {
  it("list newest first and show one session with its timeline", async () => {
    const t0 = Date.parse("2025-05-05T09:00:00Z");
    const session = (id: string, startMs: number, stateMs: Record<string, number>) => ({
      siteId: "hq",
      id,
      deviceId: "d1",
      cameraId: "c1",
      startedAt: new Date(startMs),
      lastEventAt: new Date(startMs + 60_000),
      state: "focused",
      stateMs,
      alerts: 1,
    });
    await hub.database.db
      .insert(attentionSessions)
      .values([
        session("early", t0, { focused: 30_000, drowsy: 10_000 }),
        session("late", t0 + 3600_000, { focused: 60_000 }),
      ]);
    const ev = (minute: number, toState: string, kind: "change" | "alert") => ({
      id: uuidv7(t0 + minute * 60_000),
      siteId: "hq",
      sessionId: "early",
      deviceId: "d1",
      cameraId: "c1",
      kind,
      fromState: "focused",
      toState,
      at: new Date(t0 + minute * 60_000),
      durationMs: 5_000,
      metrics: { ear: 0.18 },
      seq: minute,
    });
    await hub.database.db
      .insert(attentionEvents)
      .values([ev(2, "drowsy", "alert"), ev(1, "drowsy", "change")]);

    const list = await hub.call("GET", "/api/v1/sites/hq/attention-sessions", { token });
    expect(list.body.sessions.map((s: { id: string }) => s.id)).toEqual(["late", "early"]);
    expect(list.body.sessions[1].focusPct).toBe(75);
    const one = await hub.call("GET", "/api/v1/sites/hq/attention-sessions/early", { token });
    expect(one.body.events.map((e: { kind: string }) => e.kind)).toEqual(["change", "alert"]);
    expect(one.body.events[0].metrics).toEqual({ ear: 0.18 });
    const filtered = await hub.call(
      "GET",
      `/api/v1/sites/hq/attention-sessions?from=${new Date(t0 + 1).toISOString()}`,
      { token },
    );
    expect(filtered.body.sessions.map((s: { id: string }) => s.id)).toEqual(["late"]);
    expect((await hub.call("GET", "/api/v1/sites/hq/attention-sessions/nope", { token })).status).toBe(404);
  });
});

describe("health", () => {
  it("answers liveness and readiness without credentials", async () => {
    expect((await hub.call("GET", "/healthz")).body.ok).toBe(true);
    const ready = await hub.call("GET", "/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ ok: true, checks: { database: "ok" } });
  });
});
