import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedSite, startTestHub, type TestHub } from "./http.test-support.js";

let hub: TestHub;
let manager: string;
const polygon = [
  [0.1, 0.1],
  [0.4, 0.1],
  [0.4, 0.4],
  [0.1, 0.4],
];

beforeAll(async () => {
  hub = await startTestHub({
    extraRoutes: (app) =>
      app.get("/api/v1/test-explodes", () => {
        throw new Error("secret database detail");
      }),
  });
  await seedSite(hub, "alpha");
  await seedSite(hub, "beta");
  const created = await hub.call("POST", "/api/v1/users", {
    token: hub.adminToken,
    json: {
      email: "manager@example.com",
      password: "manager-password",
      role: "site_manager",
      sites: ["alpha"],
    },
  });
  expect(created.status).toBe(201);
  manager = await hub.login("manager@example.com", "manager-password");
});
afterAll(() => hub.close());

describe("site managers", () => {
  it("see only their own sites in listings", async () => {
    const r = await hub.call("GET", "/api/v1/sites", { token: manager });
    expect(r.body.sites.map((s: { id: string }) => s.id)).toEqual(["alpha"]);
    const me = await hub.call("GET", "/api/v1/auth/me", { token: manager });
    expect(me.body.sites).toEqual(["alpha"]);
  });

  it("are refused on every site-scoped route of another site, existing or not", async () => {
    const paths = [
      "/api/v1/sites/beta",
      "/api/v1/sites/beta/devices",
      "/api/v1/sites/beta/devices/d1",
      "/api/v1/sites/beta/cameras",
      "/api/v1/sites/beta/seats",
      "/api/v1/sites/beta/seat-map",
      "/api/v1/sites/beta/seats/1A/history",
      "/api/v1/sites/beta/stats",
      "/api/v1/sites/beta/gate-logs",
      "/api/v1/sites/beta/attention-sessions",
      "/api/v1/sites/beta/devices/d1/commands",
      "/api/v1/sites/does-not-exist/seat-map",
    ];
    for (const path of paths) {
      const r = await hub.call("GET", path, { token: manager });
      expect(r.status, path).toBe(403);
      expect(r.body.error.code, path).toBe("FORBIDDEN");
    }
    const seat = await hub.call("POST", "/api/v1/sites/beta/seats", {
      token: manager,
      json: { id: "9Z", device: "d1", camera: "c1", polygon },
    });
    expect(seat.status).toBe(403);
  });

  it("may edit cameras and seats of their own site", async () => {
    const seat = await hub.call("POST", "/api/v1/sites/alpha/seats", {
      token: manager,
      json: { id: "1A", device: "d1", camera: "c1", polygon },
    });
    expect(seat.status).toBe(201);
    const map = await hub.call("GET", "/api/v1/sites/alpha/seat-map", { token: manager });
    expect(map.body.seats.map((s: { seat: string }) => s.seat)).toEqual(["1A"]);
  });

  it("may not write sites, devices, users or enrolment tokens", async () => {
    const attempts: [string, string, unknown?][] = [
      ["POST", "/api/v1/sites", { id: "gamma", name: "G" }],
      ["PATCH", "/api/v1/sites/alpha", { name: "renamed" }],
      ["DELETE", "/api/v1/sites/alpha"],
      ["POST", "/api/v1/sites/alpha/devices/d1/revoke"],
      ["POST", "/api/v1/sites/alpha/enrollment-tokens", {}],
      ["GET", "/api/v1/sites/alpha/enrollment-tokens"],
      ["GET", "/api/v1/users"],
      ["POST", "/api/v1/users", { email: "x@example.com", password: "password-1", role: "admin" }],
    ];
    for (const [method, path, json] of attempts) {
      const r = await hub.call(method, path, { token: manager, json });
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.body.error.code).toBe("FORBIDDEN");
    }
  });
});

describe("error shape", () => {
  it("404 for unknown routes and resources, with the request id", async () => {
    const r = await hub.call("GET", "/api/v1/nothing-here", {
      token: hub.adminToken,
      headers: { "x-request-id": "req-123" },
    });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({
      error: { code: "NOT_FOUND", message: expect.any(String), requestId: "req-123" },
    });
    expect(r.headers.get("x-request-id")).toBe("req-123");
    const missing = await hub.call("GET", "/api/v1/sites/nope", { token: hub.adminToken });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("NOT_FOUND");
  });

  it("400 VALIDATION_FAILED lists every issue; malformed JSON gets the same code", async () => {
    const r = await hub.call("POST", "/api/v1/sites", {
      token: hub.adminToken,
      json: { id: "bad id!", timezone: "Mars/Base" },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("VALIDATION_FAILED");
    const paths = r.body.error.details.map((i: { path: string }) => i.path).sort();
    expect(paths).toEqual(["id", "name", "timezone"]);
    expect(r.body.error.requestId).toBe(r.headers.get("x-request-id"));

    const broken = await hub.call("POST", "/api/v1/sites", { token: hub.adminToken, rawBody: "{not json" });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe("VALIDATION_FAILED");
    expect(broken.body.error.message).toMatch(/JSON/);

    const wrongType = await hub.call("POST", "/api/v1/sites", {
      token: hub.adminToken,
      rawBody: "id=x",
      headers: { "content-type": "text/plain" },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.code).toBe("VALIDATION_FAILED");

    const huge = await hub.call("POST", "/api/v1/sites", {
      token: hub.adminToken,
      json: { id: "big", name: "x".repeat(2 * 1024 * 1024) },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe("PAYLOAD_TOO_LARGE");

    const badQuery = await hub.call("GET", "/api/v1/sites/alpha/gate-logs?limit=1000", {
      token: hub.adminToken,
    });
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.details[0].path).toBe("limit");
  });

  it("401 and 403 use the same shape", async () => {
    const r401 = await hub.call("GET", "/api/v1/sites");
    expect(r401.body).toEqual({
      error: { code: "UNAUTHENTICATED", message: expect.any(String), requestId: expect.any(String) },
    });
    const r403 = await hub.call("GET", "/api/v1/users", { token: manager });
    expect(r403.body).toEqual({
      error: { code: "FORBIDDEN", message: expect.any(String), requestId: expect.any(String) },
    });
  });

  it("500 INTERNAL hides the cause but keeps the request id", async () => {
    const r = await hub.call("GET", "/api/v1/test-explodes", { token: hub.adminToken });
    expect(r.status).toBe(500);
    expect(r.body.error.code).toBe("INTERNAL");
    expect(r.text).not.toContain("secret database detail");
    expect(r.body.error.requestId).toBe(r.headers.get("x-request-id"));
  });
});

describe("observability", () => {
  it("writes access-log rows (not for probes) and labels metrics by route pattern", async () => {
    await hub.call("GET", "/api/v1/sites/alpha", {
      token: hub.adminToken,
      headers: { "x-request-id": "logged-1" },
    });
    await hub.call("GET", "/healthz", { headers: { "x-request-id": "probe-1" } });
    await hub.accessLog.flush();
    const rows = await hub.database.db.query.accessLog.findMany();
    const logged = rows.find((r) => r.requestId === "logged-1");
    expect(logged).toMatchObject({
      method: "GET",
      path: "/api/v1/sites/alpha",
      status: 200,
      ip: "127.0.0.1",
    });
    expect(logged?.userId).toEqual(expect.any(String));
    expect(rows.some((r) => r.requestId === "probe-1")).toBe(false);

    const metrics = await hub.call("GET", "/metrics");
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(
      /sitewatch_http_requests_total\{method="GET",route="\/api\/v1\/sites\/:site",status="200"\} \d+/,
    );
    expect(metrics.text).not.toContain('route="/api/v1/sites/alpha"');
    expect(metrics.text).toMatch(/route="unmatched",status="404"/);
  });
});
