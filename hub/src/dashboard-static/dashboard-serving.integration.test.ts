import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Hub } from "../hub.js";
import { createLogger } from "../observability/logger.js";
import { testHubConfig } from "../testing/test-hub.js";

// The whole hub on one port: the dashboard build next to REST, the API docs, probes and Socket.IO,
// none of which the single-page-app fallback may swallow.
let root: string;
let hub: Hub;
let base: string;
const INDEX =
  "<!DOCTYPE html><html><body><div id=root></div><script src=/assets/app-abc.js></script></body></html>";
const browser = { accept: "text/html,application/xhtml+xml,*/*;q=0.8", "accept-encoding": "gzip" };

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "sitewatch-dashboard-"));
  mkdirSync(join(root, "dist", "assets"), { recursive: true });
  writeFileSync(join(root, "dist", "index.html"), INDEX);
  writeFileSync(join(root, "dist", "assets", "app-abc.js"), "console.log('dashboard');\n".repeat(100));
  mkdirSync(join(root, "data"));
  hub = new Hub(testHubConfig(join(root, "data"), { DASHBOARD_DIR: join(root, "dist") }), {
    logger: createLogger("silent"),
    skipInitialAdmin: true,
  });
  await hub.start();
  base = `http://127.0.0.1:${hub.ports().http}`;
}, 60_000);

afterAll(async () => {
  await hub?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe("dashboard served by the hub", () => {
  it("serves the build and its single-page routes on the REST port", async () => {
    for (const path of ["/", "/sites/cafe-1/map"]) {
      const res = await fetch(`${base}${path}`, { headers: browser });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-cache");
      expect(await res.text()).toBe(INDEX);
    }
    const js = await fetch(`${base}/assets/app-abc.js`, { headers: browser });
    expect(js.status).toBe(200);
    expect(js.headers.get("content-encoding")).toBe("gzip");
    expect(js.headers.get("cache-control")).toContain("immutable");
    expect(await js.text()).toContain("console.log('dashboard')"); // fetch decodes gzip
  });

  it("leaves the API, its docs, the probes and Socket.IO alone", async () => {
    const unknown = await fetch(`${base}/api/v1/nothing`, { headers: browser });
    expect(unknown.status).toBe(401); // bearer auth runs before the 404
    const docs = await fetch(`${base}/api/docs`, { headers: browser });
    expect(await docs.text()).toContain("swagger-ui");
    const openapi = (await (await fetch(`${base}/api/openapi.json`)).json()) as { paths: object };
    expect(Object.keys(openapi.paths)).toContain(
      "/api/v1/sites/{site}/devices/{device}/cameras/{camera}/snapshot",
    );
    const health = (await (await fetch(`${base}/healthz`, { headers: browser })).json()) as { ok: boolean };
    expect(health.ok).toBe(true);
    const metrics = await fetch(`${base}/metrics`, { headers: browser });
    expect(await metrics.text()).toContain("# HELP");
    const polling = await fetch(`${base}/socket.io/?EIO=4&transport=polling`, { headers: browser });
    expect(await polling.text()).toMatch(/^0\{"sid"/);
  });
});
