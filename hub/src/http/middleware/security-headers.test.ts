import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../app-types.js";
import { contentSecurityPolicy, HSTS, securityHeaders } from "./security-headers.js";

function app(tls: boolean) {
  const hono = new Hono<AppEnv>();
  hono.use("*", securityHeaders({ tls }));
  hono.get("/ok", (c) => c.json({ ok: true }));
  hono.get("/framed", (c) => c.text("embeddable", 200, { "x-frame-options": "SAMEORIGIN" }));
  hono.get("/boom", () => {
    throw new Error("boom");
  });
  hono.onError((_err, c) => c.json({ error: "internal" }, 500));
  return hono;
}

describe("security headers", () => {
  it("send HSTS only when the hub itself serves TLS", async () => {
    expect((await app(true).request("/ok")).headers.get("strict-transport-security")).toBe(HSTS);
    expect((await app(false).request("/ok")).headers.get("strict-transport-security")).toBeNull();
  });

  it("cover error answers, and leave a header a route chose", async () => {
    const failed = await app(false).request("/boom");
    expect(failed.status).toBe(500);
    expect(failed.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(failed.headers.get("x-frame-options")).toBe("DENY");
    expect((await app(false).request("/framed")).headers.get("x-frame-options")).toBe("SAMEORIGIN");
  });

  it("name the WebSocket origin for a plain Host header only", () => {
    expect(contentSecurityPolicy("hub.local:8080")).toContain(
      "connect-src 'self' ws://hub.local:8080 wss://hub.local:8080",
    );
    expect(contentSecurityPolicy("[::1]:8080")).toContain("ws://[::1]:8080");
    for (const host of ["evil.example; script-src *", "a b", "x'y", undefined]) {
      expect(contentSecurityPolicy(host)).toMatch(/; connect-src 'self'$/);
    }
  });
});
