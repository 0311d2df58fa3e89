import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { build } from "vite";
import type { LiveStream } from "./archive-live-stream.js";

const DASHBOARD_DIR = fileURLToPath(new URL("..", import.meta.url));
const ENTRY = fileURLToPath(new URL("./archive-player-entry.ts", import.meta.url));

/** The hub's live routes for one camera (contract: docs of issue 16, §3–§4). */
export const LIVE_DIR = "/api/v1/sites/lab/devices/edge-1/cameras/cam-1/live";

/**
 * Bundles the dashboard's live player with its browser entry (archive-player-entry.ts) into `outDir`
 * the way the production build does (Vite, the React plugin), so Chromium runs the real component.
 */
export async function buildPlayer(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: DASHBOARD_DIR,
    logLevel: "warn",
    plugins: [react()],
    cacheDir: join(outDir, ".vite-cache"),
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      rollupOptions: {
        input: ENTRY,
        output: { entryFileNames: "player.js", assetFileNames: "[name][extname]" },
      },
    },
  });
}

export interface PlayedRequest {
  path: string;
  status: number;
  authorization: string | undefined;
}

export interface PlayerPage {
  /** Opens the player on the live playlist with the valid token. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  /** Every playlist and segment request, in order. */
  readonly requests: PlayedRequest[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  js: "text/javascript",
  css: "text/css",
  m3u8: "application/vnd.apple.mpegurl",
  ts: "video/mp2t",
};

/**
 * A loopback stand-in for the hub's side the player talks to: the player page under `policy` (a
 * Content-Security-Policy), its bundle, and the live playlist and segments of `stream`, which, like
 * the hub's, are refused without the viewer's bearer token.
 */
export async function startPlayerPage(
  stream: LiveStream,
  bundleDir: string,
  policy: string,
): Promise<PlayerPage> {
  const token = randomBytes(18).toString("base64url");
  const requests: PlayedRequest[] = [];
  const styles = readdirSync(bundleDir).filter((f) => f.endsWith(".css"));
  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, headers = {}) => {
    res.writeHead(status, { "content-type": type, "cache-control": "no-store", ...headers });
    res.end(body);
  };
  const refuse = (res: ServerResponse, status: number, code: string, message: string) =>
    send(
      res,
      status,
      "application/json",
      JSON.stringify({ error: { code, message, requestId: "loopback" } }),
    );

  const live = (req: IncomingMessage, res: ServerResponse, name: string) => {
    const authorization = req.headers.authorization;
    const ok = authorization === `Bearer ${token}`;
    const file = name === "index.m3u8" ? "index.m3u8" : /^segments\/(\d+)\.ts$/.exec(name)?.[1];
    let status = 200;
    if (!ok) status = 401;
    else if (!file) status = 404;
    let body: Buffer | undefined;
    if (status === 200) {
      try {
        body = readFileSync(join(stream.dir, file === "index.m3u8" ? file : `${file}.ts`));
      } catch {
        status = 404;
      }
    }
    requests.push({ path: name, status, authorization });
    if (status === 401) return refuse(res, 401, "UNAUTHENTICATED", "a bearer token is required");
    if (!body) return refuse(res, 404, "NOT_FOUND", `${name} is gone`);
    send(res, 200, TYPES[name.split(".").pop() ?? ""] ?? "application/octet-stream", body);
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://loopback").pathname;
    if (path.startsWith(`${LIVE_DIR}/`)) return live(req, res, path.slice(LIVE_DIR.length + 1));
    if (path === "/player") {
      const links = styles.map((f) => `<link rel="stylesheet" href="/assets/${f}">`).join("");
      const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">${links}</head><body><div id="root"></div><script type="module" src="/assets/player.js"></script></body></html>`;
      return send(res, 200, "text/html", html, { "content-security-policy": policy });
    }
    const asset = /^\/assets\/([\w.-]+)$/.exec(path)?.[1];
    if (asset) {
      try {
        return send(
          res,
          200,
          TYPES[asset.split(".").pop() ?? ""] ?? "application/octet-stream",
          readFileSync(join(bundleDir, asset)),
        );
      } catch {
        // Falls through to 404.
      }
    }
    refuse(res, 404, "NOT_FOUND", path);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const query = new URLSearchParams({ src: `${LIVE_DIR}/index.m3u8`, token });
  return {
    url: `${origin}/player?${query}`,
    origin,
    token,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
