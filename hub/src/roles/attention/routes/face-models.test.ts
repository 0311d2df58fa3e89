import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OpenAPIHono } from "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultModelDir } from "../../../config-env.js";
import { registerDashboard } from "../../../dashboard-static/serve-dashboard.js";
import type { AppEnv, HttpDeps } from "../../../http/app-types.js";
import { notFoundHandler } from "../../../http/middleware/error-handler.js";
import { createLogger } from "../../../observability/logger.js";
import { faceModelsRoute } from "./face-models.js";

let root: string;
const MODEL = new Uint8Array([8, 1, 2, 3, 4, 5, 6, 7, 250, 251]);

// The attention role's route, then the dashboard's fallback, in the hub's order.
function app(modelDir = defaultModelDir) {
  const a = new OpenAPIHono<AppEnv>();
  a.notFound(notFoundHandler);
  const logger = createLogger("silent");
  faceModelsRoute({ dir: modelDir, logger })(a, {} as HttpDeps);
  registerDashboard(a, { dir: join(root, "dist"), logger });
  return a;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "dashboard-models-"));
  mkdirSync(join(root, "dist"));
  writeFileSync(join(root, "dist", "index.html"), "<!DOCTYPE html><html></html>");
  mkdirSync(join(root, "models"));
  writeFileSync(join(root, "models", "blazeface.onnx"), MODEL);
  writeFileSync(join(root, "models", "centernet.onnx"), MODEL);
  writeFileSync(join(root, "models", "blazeface.manifest.json"), "{}");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("browser models served next to the dashboard", () => {
  it("serves the face models byte for byte, revalidated by ETag", async () => {
    const a = app(join(root, "models"));
    const res = await a.request("/models/blazeface.onnx", { headers: { "accept-encoding": "gzip" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(MODEL);
    const again = await a.request("/models/blazeface.onnx", {
      headers: { "if-none-match": res.headers.get("etag") ?? "" },
    });
    expect(again.status).toBe(304);
  });

  it("answers 404 for models the browser does not use, manifests, climbing paths and missing files", async () => {
    const a = app(join(root, "models"));
    const html = { accept: "text/html" };
    for (const path of [
      "/models/centernet.onnx",
      "/models/blazeface.manifest.json",
      "/models/..%2findex.html",
      "/models/facemesh.onnx",
    ]) {
      const res = await a.request(path, { headers: html });
      expect(res.status, path).toBe(404);
    }
  });

  it("defaults to the edge agent's model cache, where the build puts the real models", async () => {
    expect(defaultModelDir.endsWith(join("edge-agent", "model-cache"))).toBe(true);
    const res = await app().request("/models/facemesh.onnx");
    expect(res.status).toBe(200);
    // An ONNX file is a protobuf ModelProto: field 1 (ir_version, varint) comes first.
    expect(new Uint8Array(await res.arrayBuffer())[0]).toBe(0x08);
  });
});
