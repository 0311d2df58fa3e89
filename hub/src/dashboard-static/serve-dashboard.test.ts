import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { OpenAPIHono } from "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AppEnv } from "../http/app-types.js";
import { notFoundHandler } from "../http/middleware/error-handler.js";
import { createLogger } from "../observability/logger.js";
import { acceptsGzip, isReservedPath, registerDashboard } from "./serve-dashboard.js";
import { StaticFiles } from "./static-files.js";

let root: string;
let build: string;
const INDEX = `<!DOCTYPE html><html><head><script type="module" src="/assets/x-1a2b.js"></script></head><body>${"<!-- padding -->".repeat(64)}</body></html>`;
const SCRIPT = `export const answer = 42;\n${"console.log('a fairly repetitive line of javascript');\n".repeat(200)}`;

function app(dir: string, logger = createLogger("silent")) {
  const a = new OpenAPIHono<AppEnv>();
  a.notFound(notFoundHandler);
  a.get("/api/v1/ping", (c) => c.json({ pong: true }));
  registerDashboard(a, { dir, logger });
  return a;
}

const html = { accept: "text/html,application/xhtml+xml,*/*;q=0.8" };

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "dashboard-static-"));
  build = join(root, "dist");
  mkdirSync(join(build, "assets"), { recursive: true });
  writeFileSync(join(build, "index.html"), INDEX);
  writeFileSync(join(build, "assets", "x-1a2b.js"), SCRIPT);
  writeFileSync(join(build, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
  writeFileSync(join(root, "secret.txt"), "outside the build");
  symlinkSync(join(root, "secret.txt"), join(build, "assets", "link.txt"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("dashboard static files", () => {
  it("serves index.html at / with no-cache and hashed assets as immutable", async () => {
    const a = app(build);
    const index = await a.request("/");
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(index.headers.get("cache-control")).toBe("no-cache");
    expect(await index.text()).toBe(INDEX);
    const js = await a.request("/assets/x-1a2b.js");
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await js.text()).toBe(SCRIPT);
    const icon = await a.request("/favicon.svg");
    expect(icon.headers.get("content-type")).toBe("image/svg+xml");
    expect(icon.headers.get("cache-control")).toBe("no-cache");
  });

  it("gzips text files for clients that accept it, and only for them", async () => {
    const a = app(build);
    const zipped = await a.request("/assets/x-1a2b.js", { headers: { "accept-encoding": "gzip, br" } });
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    expect(zipped.headers.get("vary")).toBe("accept-encoding");
    const bytes = Buffer.from(await zipped.arrayBuffer());
    expect(bytes.byteLength).toBeLessThan(SCRIPT.length / 5);
    expect(gunzipSync(bytes).toString()).toBe(SCRIPT);
    const refused = await a.request("/assets/x-1a2b.js", { headers: { "accept-encoding": "gzip;q=0" } });
    expect(refused.headers.get("content-encoding")).toBeNull();
    expect(await refused.text()).toBe(SCRIPT);
  });

  it("gzips WebAssembly (the Focus page's runtime), which is not compressed by itself", async () => {
    const wasm = new Uint8Array(4096);
    wasm.set([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    writeFileSync(join(build, "assets", "ort-1a2b.wasm"), wasm);
    const res = await app(build).request("/assets/ort-1a2b.wasm", { headers: { "accept-encoding": "gzip" } });
    expect(res.headers.get("content-type")).toBe("application/wasm");
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect(new Uint8Array(gunzipSync(Buffer.from(await res.arrayBuffer())))).toEqual(wasm);
  });

  it("answers 304 when the client already has the file", async () => {
    const a = app(build);
    const first = await a.request("/");
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await a.request("/", { headers: { "if-none-match": etag ?? "" } });
    expect(again.status).toBe(304);
  });

  it("falls back to index.html for page navigations, never for the API or missing assets", async () => {
    const a = app(build);
    const page = await a.request("/sites/cafe-1/map", { headers: html });
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(INDEX);
    // A script or fetch that does not accept HTML gets a plain 404.
    expect((await a.request("/sites/cafe-1/map", { headers: { accept: "*/*" } })).status).toBe(404);
    expect((await a.request("/assets/gone-123.js", { headers: html })).status).toBe(404);
    for (const path of [
      "/api/v1/nope",
      "/api/docs/x",
      "/socket.io/",
      "/metrics",
      "/healthz",
      "/openapi.json",
    ]) {
      const r = await a.request(path, { headers: html });
      expect(r.status, path).toBe(404);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    }
    expect(await (await a.request("/api/v1/ping", { headers: html })).json()).toEqual({ pong: true });
  });

  it("never serves a file outside the build", async () => {
    const a = app(build);
    const attempts = [
      "/../secret.txt",
      "/%2e%2e/secret.txt",
      "/assets/%2e%2e/%2e%2e/secret.txt",
      "/assets/..%2f..%2fsecret.txt",
      "/assets/..%5c..%5csecret.txt",
      "/assets/link.txt",
      "/%00index.html",
      "/.hidden",
    ];
    for (const path of attempts) {
      const r = await a.request(path, { headers: { accept: "*/*" } });
      expect(r.status, path).toBe(404);
      expect(await r.text(), path).not.toContain("outside the build");
    }
  });

  it("refuses climbing paths before touching the file system", () => {
    const files = new StaticFiles(build);
    expect(files.resolvePath("/assets/x-1a2b.js")).toBe(join(build, "assets", "x-1a2b.js"));
    for (const path of [
      "/..",
      "/%2e%2e/secret.txt",
      "/assets/..%2F..%2Fsecret.txt",
      "/a%5cb",
      "/%E0%A4%A",
      "/",
    ]) {
      expect(files.resolvePath(path), path).toBeNull();
    }
  });

  it("answers 503 with build instructions, and logs once, when the build is missing", async () => {
    const logger = createLogger("silent");
    const warn = vi.spyOn(logger, "warn");
    const a = app(join(root, "no-build-here"), logger);
    expect(warn).toHaveBeenCalledTimes(1);
    const r = await a.request("/");
    expect(r.status).toBe(503);
    expect(r.headers.get("content-type")).toContain("text/html");
    expect(await r.text()).toContain("npm run build");
    expect((await a.request("/sites/x/map", { headers: html })).status).toBe(503);
    await a.request("/");
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("parses Accept-Encoding and recognises the hub's own paths", () => {
    expect(acceptsGzip("gzip, deflate, br")).toBe(true);
    expect(acceptsGzip("br;q=1.0, gzip;q=0.5")).toBe(true);
    expect(acceptsGzip("identity")).toBe(false);
    expect(acceptsGzip("gzip;q=0")).toBe(false);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip(undefined)).toBe(false);
    expect(isReservedPath("/api")).toBe(true);
    expect(isReservedPath("/readyz")).toBe(true);
    expect(isReservedPath("/apiary")).toBe(false);
    expect(isReservedPath("/sites/a/map")).toBe(false);
  });
});
