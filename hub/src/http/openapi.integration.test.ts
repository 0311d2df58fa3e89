import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "./http.test-support.js";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.close());

describe("OpenAPI document and docs page", () => {
  it("lists every route the app serves, with the bearer scheme", async () => {
    const r = await hub.call("GET", "/api/openapi.json");
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe("3.1.0");
    expect(r.body.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(r.body.paths as Record<string, object>)) {
      for (const method of Object.keys(ops))
        documented.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`);
    }
    const served = hub.app.routes
      .filter(
        (route) =>
          route.method !== "ALL" && !route.path.startsWith("/api/docs") && route.path !== "/api/openapi.json",
      )
      .map((route) => `${route.method} ${route.path}`);
    expect(served.length).toBeGreaterThan(40);
    const missing = served.filter((s) => !documented.has(s));
    expect(missing).toEqual([]);
    // Public routes say so; the rest inherit the bearer requirement.
    expect(r.body.paths["/api/v1/auth/login"].post.security).toEqual([]);
    expect(r.body.paths["/api/v1/sites"].get.security).toEqual([{ bearerAuth: [] }]);
  });

  it("documents error responses with the shared error body", async () => {
    const r = await hub.call("GET", "/api/openapi.json");
    const op = r.body.paths["/api/v1/sites/{site}/seats"].post;
    expect(Object.keys(op.responses)).toEqual(
      expect.arrayContaining(["201", "400", "401", "403", "404", "422"]),
    );
    expect(op.responses["422"].content["application/json"].schema.$ref).toBe("#/components/schemas/Error");
  });

  it("serves Swagger UI from local files, pointed at the document", async () => {
    const page = await hub.call("GET", "/api/docs");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(page.text).not.toMatch(/https?:\/\//);
    const assets = [...page.text.matchAll(/(?:href|src)="(\/api\/docs\/[^"]+)"/g)].map((m) => m[1] as string);
    expect(assets).toHaveLength(6);
    for (const asset of assets) {
      const res = await hub.call("GET", asset);
      expect(res.status, asset).toBe(200);
      expect(res.text.length, asset).toBeGreaterThan(100);
    }
    const init = await hub.call("GET", "/api/docs/init.js");
    expect(init.text).toContain('url: "/api/openapi.json"');
    expect((await hub.call("GET", "/api/docs/package.json")).status).toBe(404);
  });
});
