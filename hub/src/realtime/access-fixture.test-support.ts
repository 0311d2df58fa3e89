import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AccessRevoked,
  type ClientToServerEvents,
  decodeMessage,
  deviceCommandFilter,
  encodeMessage,
  examples,
  type ServerToClientEvents,
  topicFor,
  uuidv7,
} from "@sitewatch/shared-protocol";
import { and, eq } from "drizzle-orm";
import mqtt, { type MqttClient } from "mqtt";
import { io as connectSocket, type Socket } from "socket.io-client";
import { createUser } from "../auth/users.js";
import { devices } from "../db/schema/index.js";
import { Hub } from "../hub.js";
import { createLogger } from "../observability/logger.js";
import { testHubConfig } from "../testing/test-hub.js";

/**
 * Test-only (excluded from the build): a whole hub with one enrolled device whose command topic is
 * watched, so tests see whether a dashboard's request really made the device start a live session.
 */
export const cam = { site: "cafe-1", device: "edge-1", camera: "cam-1" };
const ADMIN = { email: "ops@example.com", password: "correct-horse-battery" };

export type Dashboard = Socket<ServerToClientEvents, ClientToServerEvents> & {
  notices: AccessRevoked[];
  /** The disconnect reason; rejects when the connection stays open for 5 s. */
  closed(): Promise<string>;
};

export interface AccessFixture {
  hub: Hub;
  /** Logged in at start; tests of short token lifetimes `login()` again instead. */
  adminToken: string;
  /** The admin logs in over REST: an access token with the configured lifetime. */
  login(): Promise<string>;
  /** Live commands the device received, in order. */
  commands: { name: "liveStart" | "liveStop"; session: string }[];
  rest(method: string, path: string, body?: unknown, token?: string): Promise<RestReply>;
  /** A site manager of cafe-1: their id and access token. */
  newManager(): Promise<{ id: string; token: string }>;
  connect(token: string): Promise<Dashboard>;
  /** The device reports its health; every dashboard in cafe-1's room should get `device:health`. */
  publishHealth(): Promise<void>;
  close(): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field by the assertions
type RestReply = { status: number; body: Record<string, any> };

export async function startAccessFixture(env: Record<string, string> = {}): Promise<AccessFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), "sitewatch-access-"));
  const hub = new Hub(testHubConfig(dataDir, env), {
    logger: createLogger("silent"),
    skipInitialAdmin: true,
  });
  await hub.start();
  const base = `http://127.0.0.1:${hub.ports().http}`;
  const rest = async (method: string, path: string, body?: unknown, token?: string): Promise<RestReply> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as RestReply["body"] };
  };
  const ok = async (reply: Promise<RestReply>) => {
    const r = await reply;
    if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const { id: adminId } = await createUser(hub.parts.database.db, { ...ADMIN, role: "admin" });
  const login = async (): Promise<string> =>
    (await ok(rest("POST", "/api/v1/auth/login", ADMIN))).accessToken;
  const adminToken = await login();
  // A fresh token per call, so setting up outlives even a very short configured token lifetime.
  const admin = async (method: string, path: string, body?: unknown) =>
    ok(rest(method, path, body, await hub.parts.auth.signAccessToken(adminId, "admin")));
  await admin("POST", "/api/v1/sites", { id: cam.site, name: "Cafe" });
  const { token: enrolment } = await admin("POST", `/api/v1/sites/${cam.site}/enrollment-tokens`, {});
  const enrolled = await ok(
    rest("POST", "/api/v1/devices/enroll", { token: enrolment, deviceId: cam.device }),
  );
  await admin("POST", `/api/v1/sites/${cam.site}/devices/${cam.device}/cameras`, {
    id: cam.camera,
    name: "Hall",
    role: "seats",
  });

  const commands: AccessFixture["commands"] = [];
  const { username, password } = enrolled.mqtt;
  const device: MqttClient = await mqtt.connectAsync(`mqtt://127.0.0.1:${hub.ports().mqtt}`, {
    username,
    password,
    clientId: username,
    reconnectPeriod: 0,
  });
  device.on("message", (topic, payload) => {
    const decoded = decodeMessage(topic, payload);
    if (decoded.ok && (decoded.kind === "liveStart" || decoded.kind === "liveStop"))
      commands.push({ name: decoded.kind, session: (decoded.message as { session: string }).session });
  });
  await device.subscribeAsync(deviceCommandFilter(cam), { qos: 1 });
  // Commands are only sent to a device the hub believes online.
  const availability = { ...examples.availability, ts: Date.now() };
  await device.publishAsync(topicFor("availability", cam), encodeMessage("availability", availability), {
    qos: 1,
  });
  await until(async () => {
    const where = and(eq(devices.siteId, cam.site), eq(devices.id, cam.device));
    const [row] = await hub.parts.database.db.select({ online: devices.online }).from(devices).where(where);
    return row?.online === true;
  });

  const sockets: Socket[] = [];
  let seq = 0;
  let users = 0;
  return {
    hub,
    adminToken,
    login,
    commands,
    rest,
    async newManager() {
      const email = `manager-${++users}@example.com`;
      const user = await admin("POST", "/api/v1/users", {
        email,
        password: "manager-password",
        role: "site_manager",
        sites: [cam.site],
      });
      const login = await ok(rest("POST", "/api/v1/auth/login", { email, password: "manager-password" }));
      return { id: user.id, token: login.accessToken };
    },
    async connect(token) {
      const socket = connectSocket(base, {
        auth: { token },
        transports: ["websocket"],
        reconnection: false,
        forceNew: true,
      }) as Dashboard;
      sockets.push(socket);
      socket.notices = [];
      socket.on("access:revoked", (notice) => socket.notices.push(notice));
      const reason = new Promise<string>((resolve) => socket.once("disconnect", resolve));
      socket.closed = () =>
        Promise.race([
          reason,
          sleep(5_000).then(() => Promise.reject(new Error("the connection is still open"))),
        ]);
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      return socket;
    },
    async publishHealth() {
      const health = { ...examples.health, v: 1 as const, id: uuidv7(), seq: ++seq, ts: Date.now() };
      await device.publishAsync(topicFor("health", cam), encodeMessage("health", health), { qos: 1 });
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      await device.endAsync();
      await hub.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function until(check: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
