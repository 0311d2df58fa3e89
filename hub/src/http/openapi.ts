import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PROTOCOL_VERSION } from "@sitewatch/shared-protocol";
import type { App } from "./app-types.js";

// Swagger UI is served from the installed package: the hub must work on machines without internet.
const swaggerDir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "index.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
  "favicon-16x16.png": "image/png",
};

const INIT_JS = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "StandaloneLayout",
  });
};
`;

const HTML = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>Sitewatch hub API</title>
    <link rel="stylesheet" href="/api/docs/swagger-ui.css">
    <link rel="stylesheet" href="/api/docs/index.css">
    <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png" sizes="32x32">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/swagger-ui-bundle.js"></script>
    <script src="/api/docs/swagger-ui-standalone-preset.js"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>
`;

/** GET /api/openapi.json (generated from the route schemas) and GET /api/docs (Swagger UI, local files). */
export function registerOpenApi(app: App): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description:
      "A JWT access token from POST /api/v1/auth/login, or an API token (`sw_…`) from POST /api/v1/tokens",
  });

  let document: unknown = null;
  app.get("/api/openapi.json", (c) => {
    // Routes are fixed once the app is built, so the document is generated once.
    document ??= app.getOpenAPI31Document({
      openapi: "3.1.0",
      info: {
        title: "Sitewatch hub API",
        version: "1.0.0",
        description:
          `REST API of the Sitewatch hub (MQTT protocol v${PROTOCOL_VERSION}). Every error has the body ` +
          "`{error: {code, message, requestId}}`. Site managers only reach their own sites: any site-scoped " +
          "route answers FORBIDDEN for other sites, whether or not they exist.",
      },
      security: [{ bearerAuth: [] }],
    });
    return c.json(document as object);
  });

  app.get("/api/docs", (c) => c.html(HTML));
  app.get("/api/docs/init.js", (c) =>
    c.body(INIT_JS, 200, { "content-type": "text/javascript; charset=utf-8" }),
  );

  const cache = new Map<string, Uint8Array<ArrayBuffer>>();
  app.get("/api/docs/:file", async (c) => {
    const file = c.req.param("file");
    const type = ASSETS[file];
    if (!type) return c.notFound();
    let bytes = cache.get(file);
    if (!bytes) {
      bytes = new Uint8Array(await readFile(join(swaggerDir, file)));
      cache.set(file, bytes);
    }
    return c.body(bytes, 200, { "content-type": type, "cache-control": "public, max-age=86400" });
  });
}
