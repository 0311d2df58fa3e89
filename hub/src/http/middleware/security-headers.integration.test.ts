import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerDashboard } from "../../dashboard-static/serve-dashboard.js";
import { createLogger } from "../../observability/logger.js";
import { startTestHub, type TestHub } from "../http.test-support.js";

// Browser hardening headers on every kind of answer the hub's HTTP app gives: JSON, errors, the API
// docs and the dashboard build (the policy itself and HSTS: security-headers.test.ts).
let root: string;
let plain: TestHub;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "sitewatch-headers-"));
  mkdirSync(join(root, "assets"));
  writeFileSync(
    join(root, "index.html"),
    "<!doctype html><div id=root></div><script src=/assets/a.js></script>",
  );
  writeFileSync(join(root, "assets", "a.js"), "console.log(1)");
  // As the hub wires it: the dashboard after every API route.
  const dashboard = { dir: root, logger: createLogger("silent") };
  plain = await startTestHub({ extraRoutes: (app) => registerDashboard(app, dashboard) });
}, 120_000);

afterAll(async () => {
  await plain?.close();
  rmSync(root, { recursive: true, force: true });
});

const paths = ["/healthz", "/api/v1/sites", "/api/v1/no-such-route", "/api/docs", "/", "/assets/a.js"];

describe("security headers", () => {
  it("deny framing, sniffing and referrers on every answer, errors and the dashboard included", async () => {
    for (const path of paths) {
      const r = await plain.call("GET", path, { headers: { host: "hub.example:8080" } });
      expect(r.status, path).toBeLessThan(500);
      expect(r.headers.get("x-frame-options"), path).toBe("DENY");
      expect(r.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(r.headers.get("referrer-policy"), path).toBe("no-referrer");
      expect(r.headers.get("strict-transport-security"), path).toBeNull();
      const csp = r.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).toContain("connect-src 'self' ws://hub.example:8080 wss://hub.example:8080");
      expect(csp, path).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    }
  });

  it("fit the dashboard build: no inline script for script-src 'self' to block", () => {
    const index = join(import.meta.dirname, "../../../../dashboard/dist/index.html");
    if (!existsSync(index)) return;
    const html = readFileSync(index, "utf8");
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\/assets\//);
      expect(body?.trim()).toBe("");
    }
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });
});
