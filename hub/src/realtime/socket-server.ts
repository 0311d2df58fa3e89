import type { Server as HttpServer } from "node:http";
import type { Server as HttpsServer } from "node:https";
import { hostname } from "node:os";
import { PROTOCOL_VERSION } from "@sitewatch/shared-protocol";
import { decodeJwt } from "jose";
import { Server, type ServerOptions } from "socket.io";
import type { AccessEvents } from "../auth/access-events.js";
import type { Authenticator } from "../auth/principal.js";
import type { Database } from "../db/client.js";
import { ApiError } from "../errors/api-error.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import { type Broadcaster, createSocketBroadcaster } from "./broadcaster.js";
import type { InitialStateSource } from "./initial-state.js";
import { LiveWatchers, type LiveWatchHook } from "./live-watchers.js";
import { defaultSlowConsumerLimits, guardSlowConsumer, type SlowConsumerLimits } from "./slow-consumer.js";
import { SocketAccess } from "./socket-access.js";
import { type RequestContext, registerRequestHandlers } from "./socket-requests.js";
import { type HubIo, userRoom } from "./socket-types.js";

export interface SocketServerOptions {
  /** The hub's HTTP(S) server; Socket.IO answers under /socket.io/ beside REST. */
  httpServer: HttpServer | HttpsServer;
  authenticator: Authenticator;
  database: Database;
  metrics: Metrics;
  logger: Logger;
  /** First viewer of a camera arrived (true) or its last one left (false). */
  onLiveWatch?: LiveWatchHook;
  /** Shared adapter (see postgres-adapter.ts) so rooms span several hub instances. */
  adapter?: ServerOptions["adapter"];
  /** Sent in `server:hello`, so a dashboard can tell which instance it reached. */
  instanceId?: string;
  /** IP allow-list check; refused handshakes get IP_NOT_ALLOWED. */
  allowAddress?: (peer: string | undefined, forwardedFor: string | string[] | undefined) => boolean;
  limits?: Partial<SlowConsumerLimits>;
  /** The alert engine, so `alert:acknowledge` is recorded and pushed to the site. */
  alerts?: RequestContext["alerts"];
  /** Access changes (token revoked, user disabled, sites changed): affected sockets are re-checked at once. */
  accessEvents?: Pick<AccessEvents, "subscribe">;
  /** The roles' parts of the state sent on site:join (role table); without them, devices and cameras only. */
  initialState?: readonly InitialStateSource[];
}

export interface SocketServer {
  io: HubIo;
  broadcaster: Broadcaster;
  /** Viewers of one camera on this instance (for tests and the live-session bridge). */
  watchers: LiveWatchers;
  /** Disconnects every dashboard and stops the adapter; the HTTP server stays with its owner. */
  close(): Promise<void>;
}

// Dashboard requests are a few hundred bytes; anything near this is not a dashboard.
const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;

/** Refused handshakes reach the client as `connect_error` whose message starts with the error code. */
type HandshakeCode = "UNAUTHENTICATED" | "IP_NOT_ALLOWED" | "INTERNAL";

function handshakeError(code: HandshakeCode, message: string): Error {
  const error = new Error(`${code}: ${message}`) as Error & { data?: unknown };
  error.data = { code, message };
  return error;
}

export function createSocketServer(options: SocketServerOptions): SocketServer {
  const { authenticator, metrics, logger } = options;
  const limits = { ...defaultSlowConsumerLimits, ...options.limits };
  const instance = options.instanceId ?? `${hostname()}:${process.pid}`;
  const io: HubIo = new Server(options.httpServer, {
    serveClient: false,
    maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES,
    // Compressing every broadcast per client costs more CPU than the bandwidth it saves on a LAN.
    perMessageDeflate: false,
    // Engine.io ends upgrades on other paths that have written nothing after this; the attention frame
    // socket authenticates first (a database lookup for API tokens), which a loaded hub may take > 1 s for.
    destroyUpgradeTimeout: 10_000,
    ...(options.adapter ? { adapter: options.adapter } : {}),
  });
  const watchers = new LiveWatchers(options.onLiveWatch, logger);
  const access = new SocketAccess(io, authenticator, logger);
  const unsubscribe = options.accessEvents ? access.watch(options.accessEvents) : () => {};
  // Also fires when an access change makes a socket leave a camera's room, even from another instance.
  io.of("/").adapter.on("leave-room", (room: string, id: string) => watchers.leftRoom(id, room));

  io.use(async (socket, next) => {
    const refuse = (code: HandshakeCode, message: string) => {
      metrics.socketRejected.inc({ reason: code });
      next(handshakeError(code, message));
    };
    if (
      options.allowAddress &&
      !options.allowAddress(socket.handshake.address, socket.handshake.headers["x-forwarded-for"])
    ) {
      return refuse("IP_NOT_ALLOWED", "your address is not on the allow-list");
    }
    const token: unknown = socket.handshake.auth?.token;
    if (typeof token !== "string" || token.length === 0 || token.length > 4096) {
      return refuse("UNAUTHENTICATED", "auth.token is required");
    }
    try {
      socket.data.principal = await authenticator.authenticate(token);
      socket.data.connectedAt = Date.now();
      if (socket.data.principal.via === "jwt") socket.data.expiresAt = tokenExpiry(token);
      next();
    } catch (err) {
      if (err instanceof ApiError) return refuse("UNAUTHENTICATED", err.message);
      // Not the caller's fault (e.g. the database is down): saying UNAUTHENTICATED would log them out.
      logger.error({ err }, "socket authentication failed unexpectedly");
      refuse("INTERNAL", "credentials could not be checked; retry later");
    }
  });

  io.on("connection", (socket) => {
    metrics.socketClients.inc();
    guardSlowConsumer(socket, limits, metrics, logger);
    access.endAtExpiry(socket);
    void socket.join(userRoom(socket.data.principal.userId));
    registerRequestHandlers(socket, {
      database: options.database,
      initialState: options.initialState ?? [],
      metrics,
      logger,
      watchers,
      access,
      alerts: options.alerts,
    });
    socket.on("disconnect", (reason) => {
      metrics.socketClients.dec();
      watchers.dropSocket(socket.id);
      logger.debug({ socket: socket.id, reason }, "dashboard disconnected");
    });
    socket.emit("server:hello", { protocol: PROTOCOL_VERSION, instance, serverTime: Date.now() });
  });

  let closing: Promise<void> | undefined;
  return {
    io,
    broadcaster: createSocketBroadcaster(io),
    watchers,
    close() {
      closing ??= (async () => {
        unsubscribe();
        io.local.disconnectSockets(true);
        watchers.clear();
        await Promise.allSettled([...io._nsps.values()].map((nsp) => nsp.adapter.close()));
        io.engine.close();
      })();
      return closing;
    },
  };
}

function tokenExpiry(token: string): number | undefined {
  const { exp } = decodeJwt(token);
  return typeof exp === "number" ? exp * 1000 : undefined;
}
