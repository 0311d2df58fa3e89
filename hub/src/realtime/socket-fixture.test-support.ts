import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ClientToServerEvents, ServerToClientEvents } from "@sitewatch/shared-protocol";
import { type Socket as ClientSocket, io as connectClient } from "socket.io-client";
import { AuthService } from "../auth/auth-service.js";
import { createUser } from "../auth/users.js";
import { type Database, openDatabase } from "../db/client.js";
import { runMigrations } from "../db/migrate.js";
import { cameras, devices, sites } from "../db/schema/index.js";
import { createLogger } from "../observability/logger.js";
import { createMetrics, type Metrics } from "../observability/metrics.js";
import { roleInitialState } from "../roles/role-table.js";
import { createSocketServer, type SocketServer, type SocketServerOptions } from "./socket-server.js";

/** Test-only helpers (excluded from the build): a real HTTP server, Socket.IO server and clients. */
export type Dashboard = ClientSocket<ServerToClientEvents, ClientToServerEvents>;

export interface SocketFixture {
  database: Database;
  metrics: Metrics;
  auth: AuthService;
  server: SocketServer;
  http: HttpServer;
  url: string;
  /** Access tokens: an admin and a manager of site-a only. */
  adminToken: string;
  managerToken: string;
  connect(token: string | undefined, extra?: { autoConnect?: boolean }): Dashboard;
  close(): Promise<void>;
}

export const JWT_SECRET = "a-test-secret-that-is-long-enough-for-hs256!!";

/** Two sites with one device and one camera each, so cross-site leaks have somewhere to go. */
export async function seedSites(database: Database): Promise<void> {
  for (const site of ["site-a", "site-b"]) {
    await database.db.insert(sites).values({ id: site, name: site.toUpperCase() });
    await database.db.insert(devices).values({
      siteId: site,
      id: "edge-01",
      name: "Edge 1",
      mqttUsername: `${site}.edge-01`,
      passwordHash: "unused",
      online: true,
    });
    await database.db
      .insert(cameras)
      .values({ siteId: site, deviceId: "edge-01", id: "cam-01", name: "Cam 1", role: "seats" });
  }
}

export async function startSocketFixture(
  options: Partial<Pick<SocketServerOptions, "onLiveWatch" | "limits" | "adapter" | "instanceId">> & {
    database?: Database;
  } = {},
): Promise<SocketFixture> {
  const ownsDatabase = options.database === undefined;
  const database = options.database ?? (await openDatabase({ kind: "pglite", dir: "memory://" }));
  if (ownsDatabase) {
    await runMigrations(database);
    await seedSites(database);
  }
  const logger = createLogger("silent");
  const metrics = createMetrics();
  const auth = new AuthService({
    database,
    config: { jwt: { secret: JWT_SECRET, accessTtlS: 900, refreshTtlS: 3600 }, dataDir: "/nonexistent" },
    logger,
  });
  await auth.start();
  const http = createServer();
  const server = createSocketServer({
    httpServer: http,
    authenticator: auth,
    database,
    metrics,
    logger,
    accessEvents: auth.accessEvents,
    initialState: roleInitialState(),
    ...options,
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  const suffix = Math.random().toString(36).slice(2, 8);
  const admin = await createUser(database.db, {
    email: `admin-${suffix}@x.test`,
    password: "password1",
    role: "admin",
  });
  const manager = await createUser(database.db, {
    email: `manager-${suffix}@x.test`,
    password: "password1",
    role: "site_manager",
    sites: ["site-a"],
  });
  const clients: Dashboard[] = [];
  return {
    database,
    metrics,
    auth,
    server,
    http,
    url,
    adminToken: await auth.signAccessToken(admin.id, "admin"),
    managerToken: await auth.signAccessToken(manager.id, "site_manager"),
    connect(token, extra) {
      const client: Dashboard = connectClient(url, {
        auth: token === undefined ? {} : { token },
        transports: ["websocket"],
        reconnection: false,
        forceNew: true,
        autoConnect: extra?.autoConnect ?? true,
      });
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.disconnect();
      await server.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      if (ownsDatabase) await database.close();
    },
  };
}

/** Resolves once connected; rejects with the connect_error (whose message carries the error code). */
export function connected(client: Dashboard): Promise<void> {
  return new Promise((resolve, reject) => {
    if (client.connected) return resolve();
    client.once("connect", () => resolve());
    client.once("connect_error", reject);
  });
}
