import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { serve } from "@hono/node-server";
import type { HubConfig } from "../config.js";
import type { App } from "./app-types.js";

/**
 * Serves the app on the configured host and port, over HTTPS when the config has a certificate, and
 * resolves once the port is bound (a busy port rejects instead of crashing the process later).
 */
export function listen(app: App, config: Pick<HubConfig, "http" | "tls">): Promise<Server> {
  const tls = config.tls;
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch: app.fetch,
        hostname: config.http.host,
        port: config.http.port,
        ...(tls
          ? {
              createServer: createHttpsServer,
              serverOptions: { cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) },
            }
          : {}),
      },
      () => resolve(server as Server),
    );
    server.once("error", reject);
  });
}
