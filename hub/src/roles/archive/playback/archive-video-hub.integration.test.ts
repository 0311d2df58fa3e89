import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CommandAck,
  decodeMessage,
  deviceCommandFilter,
  encodeMessage,
  examples,
  topicFor,
  uuidv7,
} from "@sitewatch/shared-protocol";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../../auth/users.js";
import { Hub } from "../../../hub.js";
import { createLogger } from "../../../observability/logger.js";
import { testHubConfig } from "../../../testing/test-hub.js";
import { mp4Clip } from "../live-hls/test-video.test-support.js";

// The whole hub as a site runs it: the composition root lends the archive role its command service,
// the real HTTP server lets device video past the JSON body limit, and the playback URL needs no token.
const ADMIN = { email: "ops@example.com", password: "correct-horse-battery" };
const cam = { site: "cafe-1", device: "edge-1", camera: "cam-1" };
let dir: string;
let hub: Hub;
let base: string;
let token = "";
let device: MqttClient;
let basic: string;
let clip: Buffer;
let seq = 0;
const envelope = () => ({ v: 1 as const, id: uuidv7(), seq: ++seq, ts: Date.now() });

async function api(path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the assertions check the fields they use
  return { status: res.status, body: (await res.json()) as any };
}

/** The device's answer to each command: ack at once, then upload what was asked for with its credentials. */
function answer(topic: string, payload: Buffer) {
  const decoded = decodeMessage(topic, payload);
  if (!decoded.ok) return;
  const m = decoded.message as unknown as Record<string, string>;
  const name = topic.slice(topic.lastIndexOf("/cmd/") + 5) as CommandAck["name"];
  const ack = { ...envelope(), command: m.id as string, name, status: "completed" as const };
  const result =
    decoded.kind === "segmentUpload" ? { camera: cam.camera, segment: m.segment, bytes: clip.length } : {};
  void device.publishAsync(topicFor("commandAck", cam), encodeMessage("commandAck", { ...ack, result }), {
    qos: 1,
  });
  const video = { authorization: basic };
  if (decoded.kind === "segmentUpload") {
    void fetch(`${base}/api/v1/segment-uploads/${m.upload}`, {
      method: "PUT",
      headers: { ...video, "content-type": "video/mp4" },
      body: clip,
    });
  }
  if (decoded.kind === "liveStart" && m.format === "hls") {
    // Larger than the app's 1 MiB JSON limit, as a busy scene's segment can be.
    const query = `durationMs=1000&capturedAt=${Date.now()}`;
    void fetch(`${base}/api/v1/live-hls/${m.session}/0?${query}`, {
      method: "PUT",
      headers: { ...video, "content-type": "video/mp2t" },
      body: Buffer.alloc(1_500_000, 0x47),
    });
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "archive-video-hub-"));
  clip = await readFile(await mp4Clip(dir, "clip", 40));
  hub = new Hub(testHubConfig(join(dir, "hub")), { logger: createLogger("silent"), skipInitialAdmin: true });
  await hub.start();
  base = `http://127.0.0.1:${hub.ports().http}`;
  await createUser(hub.parts.database.db, { ...ADMIN, role: "admin" });
  token = (await api("/api/v1/auth/login", ADMIN)).body.accessToken;
  await api("/api/v1/sites", { id: cam.site, name: "Cafe" });
  const issued = await api(`/api/v1/sites/${cam.site}/enrollment-tokens`, {});
  const enrolled = await api("/api/v1/devices/enroll", { token: issued.body.token, deviceId: cam.device });
  const { username, password } = enrolled.body.mqtt;
  basic = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  await api(`/api/v1/sites/${cam.site}/devices/${cam.device}/cameras`, {
    id: cam.camera,
    name: "Hall",
    role: "seats",
  });
  device = await mqtt.connectAsync(`mqtt://127.0.0.1:${hub.ports().mqtt}`, {
    username,
    password,
    clientId: username,
    reconnectPeriod: 0,
  });
  device.on("message", answer);
  await device.subscribeAsync(deviceCommandFilter(cam), { qos: 1 });
  const online = { v: 1 as const, state: "online" as const, ts: Date.now() };
  await device.publishAsync(topicFor("availability", cam), encodeMessage("availability", online), {
    qos: 1,
    retain: true,
  });
}, 60_000);

afterAll(async () => {
  await device?.endAsync();
  await hub?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("archive video through the whole hub", () => {
  it("plays an archived segment the device uploads on request, by a URL without a token", async () => {
    expect(clip.length).toBeGreaterThan(1024 * 1024);
    const ready = {
      ...examples.segmentReady,
      ...envelope(),
      segment: "20251124T150000Z",
      bytes: clip.length,
    };
    await device.publishAsync(topicFor("segmentReady", cam), encodeMessage("segmentReady", ready), {
      qos: 1,
    });
    const listPath = `/api/v1/sites/${cam.site}/devices/${cam.device}/cameras/${cam.camera}/segments`;
    await expect.poll(async () => (await api(listPath)).body.segments?.length, { timeout: 5_000 }).toBe(1);
    const [row] = (await api(listPath)).body.segments;

    const played = await api(`/api/v1/sites/${cam.site}/segments/${row.id}/playback`, {});
    expect(played.status).toBe(200);
    expect(played.body.bytes).toBe(clip.length);
    const file = await fetch(`${base}${played.body.url}`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(clip)).toBe(true);
  });

  it("documents every route in the OpenAPI document, the ticket URL as public", async () => {
    const doc = (await api("/api/openapi.json")).body;
    const live = "/api/v1/sites/{site}/devices/{device}/cameras/{camera}/live";
    for (const [path, method] of [
      [`${live}/index.m3u8`, "get"],
      [`${live}/segments/{file}`, "get"],
      ["/api/v1/live-hls/{session}/{seq}", "put"],
      ["/api/v1/sites/{site}/segments/{id}/playback", "post"],
      ["/api/v1/segment-uploads/{upload}", "put"],
      ["/api/v1/playback/{file}", "get"],
    ] as const) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    expect(doc.paths["/api/v1/playback/{file}"].get.security).toEqual([]);
    expect(doc.paths["/api/v1/segment-uploads/{upload}"].put.security).toEqual([{ deviceBasic: [] }]);
  });

  it("starts live HLS on the device for a viewer and serves the segment it uploads", async () => {
    const path = `/api/v1/sites/${cam.site}/devices/${cam.device}/cameras/${cam.camera}/live/index.m3u8`;
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const uri = (await res.text()).split("\n").find((l) => l.endsWith(".ts"));
    const segment = await fetch(`${base}${path.replace("index.m3u8", uri as string)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect((await segment.arrayBuffer()).byteLength).toBe(1_500_000);
  });
});
