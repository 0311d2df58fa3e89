import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeMessage, examples, topicFor, uuidv7 } from "@sitewatch/shared-protocol";
import mqtt, { type MqttClient } from "mqtt";
import sharp from "sharp";
import { io as connectSocket, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../../auth/users.js";
import { Hub } from "../../../hub.js";
import { createLogger } from "../../../observability/logger.js";
import { testHubConfig } from "../../../testing/test-hub.js";

// A whole hub (REST, embedded broker, ingest into PGlite, files, Socket.IO) and a gate device that
// enrolled through REST: its entry and crop reach a dashboard live, the gate log links the crop, the
// crop route serves the very bytes, and retention removes file and row together.
const ADMIN = { email: "ops@example.com", password: "correct-horse-battery" };
const MANAGER = { email: "manager@example.com", password: "correct-horse-battery" };
const where = { site: "port", device: "gate-1", camera: "lane-1" };
const cropPath = (entry: string, site = where.site) => `/api/v1/sites/${site}/gate-logs/${entry}/crop`;

let dataDir: string;
let hub: Hub;
let base: string;
let adminToken: string;
let managerToken: string;
let device: MqttClient;
let dashboard: Socket;
let jpeg: Buffer;
let seq = 0;
const withCrop = uuidv7();
const withoutCrop = uuidv7();

async function api(path: string, init: { body?: unknown; token?: string } = {}) {
  return fetch(`${base}${path}`, {
    method: init.body ? "POST" : "GET",
    headers: {
      "content-type": "application/json",
      ...(init.token !== "" ? { authorization: `Bearer ${init.token ?? adminToken}` } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
}
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field by the assertions
const body = async (res: Response): Promise<Record<string, any>> => (await res.json()) as Record<string, any>;
const envelope = () => ({ v: 1 as const, id: uuidv7(), seq: ++seq, ts: Date.now() });

async function openDashboard(): Promise<Socket> {
  const socket = connectSocket(base, {
    auth: { token: adminToken },
    transports: ["websocket"],
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

/** Every `name` event the socket gets, alone or inside a live:batch. */
function collect(socket: Socket, name: string): unknown[] {
  const seen: unknown[] = [];
  socket.on(name, (e: unknown) => seen.push(e));
  socket.on("live:batch", (entries: Array<[string, unknown]>) => {
    for (const [n, e] of entries) if (n === name) seen.push(e);
  });
  return seen;
}

beforeAll(async () => {
  jpeg = await sharp({ create: { width: 320, height: 96, channels: 3, background: "#468" } })
    .jpeg({ quality: 80 })
    .toBuffer();
  dataDir = mkdtempSync(join(tmpdir(), "sitewatch-gate-crop-"));
  hub = new Hub(testHubConfig(dataDir), { logger: createLogger("silent"), skipInitialAdmin: true });
  await hub.start();
  base = `http://127.0.0.1:${hub.ports().http}`;
  await createUser(hub.parts.database.db, { ...ADMIN, role: "admin" });
  adminToken = (await body(await api("/api/v1/auth/login", { body: ADMIN, token: "" }))).accessToken;
  for (const id of [where.site, "other"])
    expect((await api("/api/v1/sites", { body: { id, name: id } })).status).toBe(201);
  expect(
    (await api("/api/v1/users", { body: { ...MANAGER, role: "site_manager", sites: ["other"] } })).status,
  ).toBe(201);
  managerToken = (await body(await api("/api/v1/auth/login", { body: MANAGER, token: "" }))).accessToken;

  const issued = await body(await api(`/api/v1/sites/${where.site}/enrollment-tokens`, { body: {} }));
  const enrolled = await api("/api/v1/devices/enroll", {
    body: { token: issued.token, deviceId: where.device },
    token: "",
  });
  expect(enrolled.status).toBe(201);
  const { username, password } = (await body(enrolled)).mqtt;
  device = await mqtt.connectAsync(`mqtt://127.0.0.1:${hub.ports().mqtt}`, {
    username,
    password,
    clientId: username,
    reconnectPeriod: 0,
  });
  dashboard = await openDashboard();
  expect((await dashboard.emitWithAck("site:join", { site: where.site })).ok).toBe(true);
}, 60_000);

afterAll(async () => {
  dashboard?.disconnect();
  await device?.endAsync();
  await hub?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("gate crops over Socket.IO and REST", () => {
  it("announce a stored crop to the site's dashboards as gate:crop, without the bytes", async () => {
    const entries = collect(dashboard, "gate:entry");
    const crops = collect(dashboard, "gate:crop");
    for (const id of [withCrop, withoutCrop]) {
      const entry = { ...examples.gateEntry, ...envelope(), id, at: Date.now() };
      await device.publishAsync(topicFor("gateEntry", where), encodeMessage("gateEntry", entry), { qos: 1 });
    }
    const crop = { ...envelope(), entry: withCrop, jpeg: jpeg.toString("base64"), width: 320, height: 96 };
    await device.publishAsync(topicFor("gateCrop", where), encodeMessage("gateCrop", crop), { qos: 1 });
    await expect.poll(() => crops.length).toBe(1);
    expect(crops[0]).toEqual({ ...where, data: { entry: withCrop, width: 320, height: 96, at: crop.ts } });
    await expect.poll(() => entries.length).toBe(2);
  });

  it("link the crop from the gate log entry it belongs to, and only from it", async () => {
    const page = await body(await api(`/api/v1/sites/${where.site}/gate-logs`));
    const byId = new Map(page.entries.map((e: { id: string }) => [e.id, e]));
    expect(byId.get(withCrop)).toMatchObject({ cropUrl: cropPath(withCrop) });
    expect(byId.get(withoutCrop)).not.toHaveProperty("cropUrl");
  });

  it("serve the stored crop byte for byte as image/jpeg", async () => {
    const res = await api(cropPath(withCrop));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/jpeg");
    expect(res.headers.get("cache-control")).toBe("private, max-age=86400");
    expect(Date.parse(res.headers.get("x-captured-at") ?? "")).toBeGreaterThan(Date.now() - 60_000);
    expect(Buffer.from(await res.arrayBuffer()).equals(jpeg)).toBe(true);
  });

  it("answer NOT_FOUND without a crop, 400 for a malformed id, and keep other sites out", async () => {
    for (const path of [cropPath(withoutCrop), cropPath(uuidv7()), cropPath(withCrop, "other")]) {
      const res = await api(path);
      expect(res.status, path).toBe(404);
      expect((await body(res)).error.code).toBe("NOT_FOUND");
    }
    expect((await api(cropPath("not-a-uuid"))).status).toBe(400);
    expect((await api(cropPath(withCrop), { token: managerToken })).status).toBe(403);
    expect((await api(cropPath(withCrop), { token: "" })).status).toBe(401);
  });

  it("send a joining dashboard the last entries with their gate:crop", async () => {
    const late = await openDashboard();
    try {
      const crops = collect(late, "gate:crop");
      const entries = collect(late, "gate:entry");
      expect((await late.emitWithAck("site:join", { site: where.site })).ok).toBe(true);
      await expect.poll(() => entries.length).toBe(2);
      await expect.poll(() => crops.length).toBe(1);
      expect(crops[0]).toMatchObject({ ...where, data: { entry: withCrop, width: 320, height: 96 } });
    } finally {
      late.disconnect();
    }
  });

  it("lose file and row together to retention", async () => {
    const file = join(dataDir, "gate-crops", where.site, `${withCrop}.jpg`);
    expect(existsSync(file)).toBe(true);
    const counts = await hub.parts.retention.runOnce(new Date(Date.now() + 400 * 24 * 3600 * 1000));
    expect(counts).toMatchObject({ gateLogs: 2, gateCrops: 1, gateCropsFiles: 1 });
    expect(existsSync(file)).toBe(false);
    expect((await api(cropPath(withCrop))).status).toBe(404);
  });
});
