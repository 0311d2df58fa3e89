import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CommandAck,
  deviceCommandFilter,
  encodeMessage,
  topicFor,
  uuidv7,
} from "@sitewatch/shared-protocol";
import mqtt, { type MqttClient } from "mqtt";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createUser } from "../../auth/users.js";
import { Hub } from "../../hub.js";
import { createLogger } from "../../observability/logger.js";
import { testHubConfig } from "../../testing/test-hub.js";

// A real hub (REST, embedded broker, ingest into PGlite, files in the data dir) and a device that
// enrolled through REST and answers snapshot commands over MQTT with a real JPEG.
const ADMIN = { email: "ops@example.com", password: "correct-horse-battery" };
const MANAGER = { email: "manager@example.com", password: "correct-horse-battery" };
const where = { site: "cafe-1", device: "edge-1", camera: "cam-1" };
const snapshotPath = `/api/v1/sites/cafe-1/devices/edge-1/cameras/cam-1/snapshot`;
type Behaviour = "answer" | "ack-first" | "fail" | "silent" | "no-picture";

let dataDir: string;
let hub: Hub;
let base: string;
let adminToken: string;
let managerToken: string;
let device: MqttClient;
let behaviour: Behaviour = "answer";
let jpeg: Buffer;
let seq = 0;

async function api(path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? (init.body ? "POST" : "GET"),
    headers: {
      "content-type": "application/json",
      ...(init.token !== "" ? { authorization: `Bearer ${init.token ?? adminToken}` } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  return res;
}
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field by the assertions
const body = async (res: Response): Promise<Record<string, any>> => (await res.json()) as Record<string, any>;
const envelope = () => ({ v: 1 as const, id: uuidv7(), seq: ++seq, ts: Date.now() });

function ack(command: { id: string }, name: CommandAck["name"], reply: Partial<CommandAck>) {
  const message = { ...envelope(), command: command.id, name, status: "completed" as const, ...reply };
  return device.publishAsync(topicFor("commandAck", where), encodeMessage("commandAck", message), { qos: 1 });
}

function sendPicture(command: { id: string }) {
  const picture = {
    ...envelope(),
    command: command.id,
    width: 64,
    height: 48,
    jpeg: jpeg.toString("base64"),
  };
  return device.publishAsync(
    topicFor("snapshot", where),
    encodeMessage("snapshot", { ...picture, facesBlurred: true }),
    { qos: 1 },
  );
}

/** The simulated edge agent: acks config pushes, and answers snapshot requests as `behaviour` says. */
async function onCommand(topic: string, payload: Buffer) {
  const command = JSON.parse(payload.toString()) as { id: string };
  if (topic.endsWith("/cmd/config-push")) return void (await ack(command, "config-push", {}));
  if (!topic.endsWith("/cmd/snapshot")) return;
  const result = { width: 64, height: 48 };
  if (behaviour === "answer") {
    await sendPicture(command);
    await ack(command, "snapshot", { result });
  } else if (behaviour === "ack-first") {
    // The picture trails the ack: the hub must still wait for it to be stored.
    await ack(command, "snapshot", { result });
    setTimeout(() => void sendPicture(command), 300);
  } else if (behaviour === "fail") {
    await ack(command, "snapshot", {
      status: "failed",
      error: { code: "NOT_FOUND", message: "camera cam-1 has no picture yet" },
    });
  } else if (behaviour === "no-picture") {
    await ack(command, "snapshot", { result });
  }
}

async function waitForOnline(online: boolean) {
  for (let i = 0; i < 200; i++) {
    const res = await api(`/api/v1/sites/${where.site}/devices/${where.device}`);
    if ((await body(res)).online === online) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`device never became ${online ? "online" : "offline"}`);
}

async function publishAvailability(state: "online" | "offline") {
  const message = { v: 1 as const, state, ts: Date.now() };
  await device.publishAsync(topicFor("availability", where), encodeMessage("availability", message), {
    qos: 1,
    retain: true,
  });
  await waitForOnline(state === "online");
}

beforeAll(async () => {
  jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#3a7" } })
    .jpeg({ quality: 80 })
    .toBuffer();
  dataDir = mkdtempSync(join(tmpdir(), "sitewatch-snapshots-"));
  hub = new Hub(testHubConfig(dataDir, { COMMAND_TIMEOUT_MS: "1500" }), {
    logger: createLogger("silent"),
    skipInitialAdmin: true,
  });
  await hub.start();
  base = `http://127.0.0.1:${hub.ports().http}`;
  await createUser(hub.parts.database.db, { ...ADMIN, role: "admin" });
  adminToken = (await body(await api("/api/v1/auth/login", { body: ADMIN, token: "" }))).accessToken;
  for (const id of [where.site, "other"]) {
    expect((await api("/api/v1/sites", { body: { id, name: id } })).status).toBe(201);
  }
  const manager = { ...MANAGER, role: "site_manager", sites: ["other"] };
  expect((await api("/api/v1/users", { body: manager })).status).toBe(201);
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
  device.on("message", (topic, payload) => void onCommand(topic, payload));
  await device.subscribeAsync(deviceCommandFilter(where), { qos: 1 });
  const camera = await api(`/api/v1/sites/${where.site}/devices/${where.device}/cameras`, {
    body: { id: where.camera, name: "Hall", role: "seats" },
  });
  expect(camera.status).toBe(201);
  await publishAvailability("online");
}, 60_000);

afterAll(async () => {
  await device?.endAsync();
  await hub?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  behaviour = "answer";
});

describe("camera snapshots", () => {
  it("answers NOT_FOUND while the hub holds no picture of the camera", async () => {
    const res = await api(snapshotPath);
    expect(res.status).toBe(404);
    expect((await body(res)).error.code).toBe("NOT_FOUND");
  });

  it("asks the device for a picture, stores it and serves it as the latest snapshot", async () => {
    const res = await api(snapshotPath, { method: "POST" });
    const taken = await body(res);
    expect(res.status, JSON.stringify(taken)).toBe(201);
    expect(taken).toMatchObject({ width: 64, height: 48, facesBlurred: true, bytes: jpeg.byteLength });
    expect(Date.parse(taken.capturedAt)).toBeGreaterThan(Date.now() - 60_000);

    const image = await api(snapshotPath);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/jpeg");
    expect(image.headers.get("x-snapshot-id")).toBe(taken.id);
    expect(image.headers.get("x-captured-at")).toBe(taken.capturedAt);
    expect(image.headers.get("x-faces-blurred")).toBe("true");
    const bytes = Buffer.from(await image.arrayBuffer());
    expect(bytes.equals(jpeg)).toBe(true);
    expect(await sharp(bytes).metadata()).toMatchObject({ format: "jpeg", width: 64, height: 48 });
  });

  it("waits for a picture that arrives after the device's acknowledgement", async () => {
    behaviour = "ack-first";
    const res = await api(snapshotPath, { method: "POST" });
    const taken = await body(res);
    expect(res.status, JSON.stringify(taken)).toBe(201);
    expect((await api(snapshotPath)).headers.get("x-snapshot-id")).toBe(taken.id);
  });

  it("maps device failures, silence and a missing picture to COMMAND_FAILED and COMMAND_TIMEOUT", async () => {
    behaviour = "fail";
    const failed = await api(snapshotPath, { method: "POST" });
    expect(failed.status).toBe(502);
    expect((await body(failed)).error).toMatchObject({
      code: "COMMAND_FAILED",
      message: "camera cam-1 has no picture yet",
    });
    behaviour = "silent";
    const silent = await api(snapshotPath, { method: "POST" });
    expect(silent.status).toBe(504);
    expect((await body(silent)).error.code).toBe("COMMAND_TIMEOUT");
    behaviour = "no-picture";
    const lost = await api(snapshotPath, { method: "POST" });
    expect(lost.status).toBe(504);
    expect((await body(lost)).error.message).toContain("never arrived");
  });

  it("keeps other sites' managers out and checks the camera exists", async () => {
    for (const method of ["GET", "POST"]) {
      const res = await api(snapshotPath, { method, token: managerToken });
      expect(res.status, method).toBe(403);
    }
    const unknown = await api(snapshotPath.replace("cam-1", "cam-9"), { method: "POST" });
    expect(unknown.status).toBe(404);
    expect((await api(`${snapshotPath}?maxWidth=10`, { method: "POST" })).status).toBe(400);
  });

  it("refuses with DEVICE_OFFLINE when the device is not connected", async () => {
    await publishAvailability("offline");
    const res = await api(snapshotPath, { method: "POST" });
    expect(res.status).toBe(503);
    expect((await body(res)).error.code).toBe("DEVICE_OFFLINE");
  });
});
