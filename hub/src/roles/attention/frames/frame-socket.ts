import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type ErrorCode, httpStatusOf } from "@sitewatch/shared-protocol";
import { decodeJwt } from "jose";
import { type WebSocket, WebSocketServer } from "ws";
import type { Authenticator, Principal } from "../../../auth/principal.js";
import { ApiError } from "../../../errors/api-error.js";
import type { Logger } from "../../../observability/logger.js";
import type { FrameMetrics } from "./frame-metrics.js";

export const FRAME_PATH = "/api/v1/attention/frames";
// A credential is a JWT or an API token; nothing longer is either.
const MAX_TOKEN_CHARS = 4096;

export interface FrameSocketOptions {
  server: Server;
  authenticator: Authenticator;
  /** The IP allow-list REST and Socket.IO use; refused upgrades get IP_NOT_ALLOWED. */
  allowAddress?: (peer: string | undefined, forwardedFor: string | string[] | undefined) => boolean;
  /** Largest message the socket reads; a larger one closes the connection (1009). */
  maxPayload: number;
  metrics: FrameMetrics;
  logger: Logger;
  onConnection(ws: WebSocket, principal: Principal, token: string): void;
}

export interface FrameSocket {
  /** Closes every frame connection and stops taking upgrades; the HTTP server stays with its owner. */
  close(): void;
}

/**
 * The frame socket's WebSocket endpoint on the hub's HTTP server, beside Socket.IO. Only upgrades of
 * FRAME_PATH are taken (Socket.IO answers its own path). Authentication is REST's: an
 * `Authorization: Bearer` header, or an `access_token` query parameter for browsers, which cannot
 * set headers on a WebSocket. A refused upgrade is an HTTP error with REST's error body.
 */
export function attachFrameSocket(options: FrameSocketOptions): FrameSocket {
  const { metrics, logger } = options;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayload,
    // JPEG does not compress; deflate would only cost CPU on the event loop.
    perMessageDeflate: false,
  });
  let closing = false;

  const refuse = (socket: Duplex, code: ErrorCode, message: string) => {
    metrics.connectionsRefused.inc({ reason: code });
    const status = httpStatusOf(code);
    const body = JSON.stringify({ error: { code, message, requestId: "" } });
    socket.end(
      `HTTP/1.1 ${status} ${code}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? "/", "http://hub");
    if (url.pathname !== FRAME_PATH) return;
    socket.on("error", (err) => logger.debug({ err }, "frame socket upgrade stream failed"));
    void (async () => {
      if (closing) return refuse(socket, "INTERNAL", "the hub is stopping");
      if (
        options.allowAddress &&
        !options.allowAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"])
      )
        return refuse(socket, "IP_NOT_ALLOWED", "your address is not on the allow-list");
      const token = credentialOf(req, url);
      if (!token) return refuse(socket, "UNAUTHENTICATED", "a Bearer token or access_token is required");
      let principal: Principal;
      try {
        principal = await options.authenticator.authenticate(token);
      } catch (err) {
        if (err instanceof ApiError) return refuse(socket, "UNAUTHENTICATED", err.message);
        logger.error({ err }, "frame socket authentication failed unexpectedly");
        return refuse(socket, "INTERNAL", "credentials could not be checked; retry later");
      }
      if (closing || socket.destroyed) return socket.destroy();
      wss.handleUpgrade(req, socket, head, (ws) => {
        closeAtExpiry(ws, principal, token);
        options.onConnection(ws, principal, token);
      });
    })();
  };
  options.server.on("upgrade", onUpgrade);

  return {
    close() {
      closing = true;
      options.server.off("upgrade", onUpgrade);
      for (const ws of wss.clients) ws.close(1001, "the hub is stopping");
      wss.close();
    },
  };
}

function credentialOf(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers.authorization;
  const token = header ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : url.searchParams.get("access_token");
  if (!token || token.length > MAX_TOKEN_CHARS) return undefined;
  return token;
}

/** A JWT's connection ends when the token does, as Socket.IO's do; API tokens have no expiry time. */
function closeAtExpiry(ws: WebSocket, principal: Principal, token: string): void {
  if (principal.via !== "jwt") return;
  const { exp } = decodeJwt(token);
  if (typeof exp !== "number") return;
  // setTimeout takes at most 2^31 - 1 ms; a longer delay would fire at once.
  const delay = Math.min(exp * 1000 - Date.now(), 2 ** 31 - 1);
  const timer = setTimeout(() => ws.close(1008, "UNAUTHENTICATED: the access token expired"), delay);
  timer.unref();
  ws.once("close", () => clearTimeout(timer));
}
