import { StaticFiles } from "../../../dashboard-static/static-files.js";
import type { RouteRegistrar } from "../../../http/app-types.js";
import type { Logger } from "../../../observability/logger.js";

/**
 * The only models a browser may fetch: the face detector and mesh the Focus page runs with
 * onnxruntime-web. The cache holds other models (and manifests) that no page needs.
 */
export const BROWSER_MODELS = ["blazeface.onnx", "facemesh.onnx"] as const;

/**
 * `GET /models/<name>.onnx` from the model cache (ATTENTION_MODEL_DIR: the frame socket runs the same
 * files), so the Focus page never fetches models from a CDN. Models are rebuilt in place under the same
 * name, so browsers revalidate by ETag rather than caching for good; the files are float weights that
 * gzip barely shrinks, so they go out as they are.
 */
export const faceModelsRoute =
  (opts: { dir: string; logger: Logger }): RouteRegistrar =>
  (app) => {
    const files = new StaticFiles(opts.dir);
    let warned = false;
    app.get("/models/:file", async (c) => {
      const name = c.req.param("file");
      if (!(BROWSER_MODELS as readonly string[]).includes(name)) return c.notFound();
      const file = await files.get(`/${name}`);
      if (!file) {
        if (!warned)
          opts.logger.warn({ modelDir: files.root, name }, "browser model missing from the model cache");
        warned = true;
        return c.notFound();
      }
      const headers = {
        "cache-control": "no-cache",
        etag: file.etag,
        "x-content-type-options": "nosniff",
      };
      if (c.req.header("if-none-match") === file.etag) return c.body(null, 304, headers);
      return c.body(file.body, 200, { ...headers, "content-type": "application/octet-stream" });
    });
  };
