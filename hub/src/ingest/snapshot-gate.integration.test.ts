import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeMessage, topics, uuidv7 } from "@sitewatch/shared-protocol";
import mqtt, { type MqttClient } from "mqtt";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/client.js";
import { deviceCommands, snapshots } from "../db/schema/index.js";
import {
  type EmbeddedIngest,
  type EnrolledDevice,
  enrolTestDevice,
  migratedDatabase,
  startEmbeddedIngest,
  until,
} from "./ingest.test-support.js";

// The finding: 300 snapshots with invented command ids wrote 213 MB in 8 s. Pictures now need an open
// snapshot request of the same device and camera, must be real JPEGs, and count against a quota.
const cam = { site: "s1", device: "d1", camera: "cam-1" };
let database: Database;
let dataDir: string;
let hub: EmbeddedIngest;
let d1: MqttClient;
let d2: MqttClient;
let big: Buffer;
let small: Buffer;
let seq = 0;

async function connect(login: EnrolledDevice): Promise<MqttClient> {
  return mqtt.connectAsync(hub.url, { ...login, clientId: login.username, reconnectPeriod: 0 });
}

function picture(jpeg: Buffer, command: string, size = { width: 64, height: 48 }, id = uuidv7()) {
  const message = { v: 1 as const, id, seq: ++seq, ts: Date.now(), command, ...size, facesBlurred: false };
  return encodeMessage("snapshot", { ...message, jpeg: jpeg.toString("base64") });
}

/** A snapshot request as the CommandService records it when it sends one. */
async function request(
  device = "d1",
  camera = "cam-1",
  extra: Partial<typeof deviceCommands.$inferInsert> = {},
) {
  const id = uuidv7();
  await database.db.insert(deviceCommands).values({
    id,
    siteId: "s1",
    deviceId: device,
    name: "snapshot",
    payload: { camera, timeoutMs: 10_000 },
    status: "sent",
    ...extra,
  });
  return id;
}

async function rejectedBy(reason: string): Promise<number> {
  return (await hub.metrics.ingestRejected.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;
}

async function storedFiles(): Promise<string[]> {
  const files = await readdir(join(dataDir, "snapshots"), { recursive: true, withFileTypes: true }).catch(
    () => [],
  );
  return files.filter((f) => f.isFile()).map((f) => f.name);
}

beforeAll(async () => {
  database = await migratedDatabase({ kind: "pglite", dir: "memory://" });
  const one = await enrolTestDevice(database.db, "s1", "d1");
  const two = await enrolTestDevice(database.db, "s1", "d2");
  dataDir = await mkdtemp(join(tmpdir(), "sitewatch-snapgate-"));
  hub = await startEmbeddedIngest(database, { dataDir });
  [d1, d2] = [await connect(one), await connect(two)];
  // Noise does not compress: about 700 kB, like the pictures of the finding.
  const noise = randomBytes(1024 * 640 * 3);
  big = await sharp(noise, { raw: { width: 1024, height: 640, channels: 3 } })
    .jpeg({ quality: 94 })
    .toBuffer();
  small = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#3a7" } })
    .jpeg()
    .toBuffer();
});

afterAll(async () => {
  await Promise.all([d1?.endAsync(true), d2?.endAsync(true)]);
  await hub?.ingest.stop();
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("snapshot admission", () => {
  it("writes nothing for 300 large snapshots answering invented command ids", {
    timeout: 120_000,
  }, async () => {
    expect(big.toString("base64").length).toBeGreaterThan(800_000);
    const before = await rejectedBy("FORBIDDEN");
    const size = { width: 1024, height: 640 };
    for (let sent = 0; sent < 300; sent += 10) {
      const batch = Array.from({ length: 10 }, () => picture(big, uuidv7(), size));
      await Promise.all(batch.map((body) => d1.publishAsync(topics.snapshot(cam), body, { qos: 1 })));
    }
    await until(async () => (await rejectedBy("FORBIDDEN")) - before === 300, 10_000, "300 refusals");
    await hub.ingest.flush();
    expect(await storedFiles()).toEqual([]);
    expect(await database.db.select().from(snapshots)).toEqual([]);
    expect(d1.connected).toBe(true);
  });

  it("stores the answer to an open request once, and refuses a second answer to it", async () => {
    const command = await request();
    const accepted = hub.ingest.stats().accepted;
    await d1.publishAsync(topics.snapshot(cam), picture(small, command), { qos: 1 });
    await until(() => hub.ingest.stats().accepted === accepted + 1, 5_000, "the answer");
    await hub.ingest.flush();
    expect(await storedFiles()).toHaveLength(1);

    const duplicates = await rejectedBy("DUPLICATE_EVENT");
    await d1.publishAsync(topics.snapshot(cam), picture(small, command), { qos: 1 });
    await until(async () => (await rejectedBy("DUPLICATE_EVENT")) === duplicates + 1, 5_000, "refusal");
    await hub.ingest.flush();
    expect(await storedFiles()).toHaveLength(1);
  });

  it("refuses answers to another device's or another camera's request, and expired requests", async () => {
    const forbidden = await rejectedBy("FORBIDDEN");
    const others = [await request("d2"), await request("d1", "cam-2")];
    for (const command of others)
      await d1.publishAsync(topics.snapshot(cam), picture(small, command), { qos: 1 });
    await until(async () => (await rejectedBy("FORBIDDEN")) === forbidden + 2, 5_000, "foreign requests");

    const timeouts = await rejectedBy("COMMAND_TIMEOUT");
    const old = await request("d1", "cam-1", { createdAt: new Date(Date.now() - 60_000) });
    const timedOut = await request("d1", "cam-1", { status: "timeout" });
    for (const command of [old, timedOut])
      await d1.publishAsync(topics.snapshot(cam), picture(small, command), { qos: 1 });
    await until(
      async () => (await rejectedBy("COMMAND_TIMEOUT")) === timeouts + 2,
      5_000,
      "expired requests",
    );
    // d2 answering its own request for the camera works: the check is per device, not per topic.
    const own = await request("d2");
    const accepted = hub.ingest.stats().accepted;
    await d2.publishAsync(topics.snapshot({ ...cam, device: "d2" }), picture(small, own), { qos: 1 });
    await until(() => hub.ingest.stats().accepted === accepted + 1, 5_000, "d2's answer");
  });

  it("refuses pictures that are not JPEGs or not of the size they declare", async () => {
    const violations = await rejectedBy("SCHEMA_VIOLATION");
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#000" } })
      .png()
      .toBuffer();
    const cut = small.subarray(0, small.length - 20);
    for (const [jpeg, size] of [
      [png, undefined],
      [cut, undefined],
      [small, { width: 640, height: 480 }],
    ] as const)
      await d1.publishAsync(topics.snapshot(cam), picture(jpeg, await request(), size), { qos: 1 });
    await until(async () => (await rejectedBy("SCHEMA_VIOLATION")) === violations + 3, 5_000, "refusals");
    await hub.ingest.flush();
    expect(await storedFiles()).toHaveLength(2);
  });
});
