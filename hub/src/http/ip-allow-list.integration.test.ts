import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessLog } from "../db/schema/index.js";
import { startTestHub, type TestHub } from "./http.test-support.js";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ config: { ipAllowList: ["127.0.0.1", "10.0.0.0/8"] } });
});
afterAll(() => hub.close());

describe("IP allow-list", () => {
  it("admits listed addresses and CIDR members", async () => {
    for (const remoteAddress of ["127.0.0.1", "10.20.30.40", "::ffff:10.0.0.1"]) {
      const r = await hub.call("GET", "/api/v1/sites", { token: hub.adminToken, env: { remoteAddress } });
      expect(r.status, remoteAddress).toBe(200);
    }
  });

  it("refuses other addresses with IP_NOT_ALLOWED before authentication", async () => {
    for (const remoteAddress of ["192.168.1.10", "11.0.0.1", "::1"]) {
      const r = await hub.call("GET", "/api/v1/sites", { token: hub.adminToken, env: { remoteAddress } });
      expect(r.status, remoteAddress).toBe(403);
      expect(r.body.error.code).toBe("IP_NOT_ALLOWED");
      expect(r.body.error.requestId).toEqual(expect.any(String));
    }
    const login = await hub.call("POST", "/api/v1/auth/login", {
      json: { email: "a@b.c", password: "x" },
      env: { remoteAddress: "192.168.1.10" },
    });
    expect(login.body.error.code).toBe("IP_NOT_ALLOWED");
    const docs = await hub.call("GET", "/api/docs", { env: { remoteAddress: "192.168.1.10" } });
    expect(docs.status).toBe(403);
  });

  it("reads the address from the Node socket, as @hono/node-server provides it", async () => {
    const inside = await hub.call("GET", "/api/v1/sites", {
      token: hub.adminToken,
      env: { incoming: { socket: { remoteAddress: "10.9.9.9" } } },
    });
    expect(inside.status).toBe(200);
    const outside = await hub.call("GET", "/api/v1/sites", {
      token: hub.adminToken,
      env: { incoming: { socket: { remoteAddress: "172.16.0.1" } } },
    });
    expect(outside.status).toBe(403);
  });

  it("refuses callers whose address is unknown, and ignores X-Forwarded-For", async () => {
    const r = await hub.call("GET", "/api/v1/sites", {
      token: hub.adminToken,
      env: {},
      headers: { "x-forwarded-for": "10.0.0.1" },
    });
    expect(r.status).toBe(403);
  });

  it("lets load-balancer probes through", async () => {
    expect((await hub.call("GET", "/healthz", { env: { remoteAddress: "192.168.1.10" } })).status).toBe(200);
    expect((await hub.call("GET", "/readyz", { env: { remoteAddress: "192.168.1.10" } })).status).toBe(200);
    expect((await hub.call("GET", "/metrics", { env: { remoteAddress: "192.168.1.10" } })).status).toBe(403);
  });

  it("uses the real socket address when served by @hono/node-server", async () => {
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const srv = serve({ fetch: hub.app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(srv));
    });
    try {
      const { port } = server.address() as AddressInfo;
      const headers = { authorization: `Bearer ${hub.adminToken}`, "x-forwarded-for": "192.168.1.1" };
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/sites`, { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-request-id")).toEqual(expect.any(String));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("IP allow-list behind a trusted proxy (HUB_TRUSTED_PROXIES)", () => {
  const PROXY = "192.168.0.10";
  let proxied: TestHub;
  beforeAll(async () => {
    proxied = await startTestHub({
      config: { ipAllowList: ["127.0.0.1", "10.0.0.0/8"], trustedProxies: [PROXY] },
    });
  });
  afterAll(() => proxied.close());

  const sites = (remoteAddress: string, forwardedFor?: string) =>
    proxied.call("GET", "/api/v1/sites", {
      token: proxied.adminToken,
      env: { remoteAddress },
      headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor },
    });

  it("sees the client a trusted proxy forwarded for, in the allow-list and the access log", async () => {
    const inside = await sites(PROXY, "10.1.2.3");
    expect(inside.status).toBe(200);
    const outside = await sites(PROXY, "10.1.2.3, 172.16.0.1");
    expect(outside.status).toBe(403);
    expect(outside.body.error.message).toContain("172.16.0.1");
    // The proxy itself is not on the allow-list: without the header it is the client.
    expect((await sites(PROXY)).status).toBe(403);

    await proxied.accessLog.flush();
    const [row] = await proxied.database.db
      .select({ ip: accessLog.ip })
      .from(accessLog)
      .where(eq(accessLog.requestId, inside.headers.get("x-request-id") ?? ""));
    expect(row?.ip).toBe("10.1.2.3");
  });

  it("ignores X-Forwarded-For from peers that are not trusted proxies", async () => {
    const spoofed = await sites("172.16.5.5", "10.1.2.3");
    expect(spoofed.status).toBe(403);
    expect(spoofed.body.error.message).toContain("172.16.5.5");
    expect((await sites("10.0.0.5", "172.16.0.1")).status).toBe(200);
  });
});
