import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { topics, uuidv7 } from "@sitewatch/shared-protocol";
import { eq } from "drizzle-orm";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/client.js";
import { seatEvents } from "../db/schema/index.js";
import {
  type EmbeddedIngest,
  enrolTestDevice,
  migratedDatabase,
  payload,
  type RecordingBroadcaster,
  seatChange,
  startEmbeddedIngest,
  until,
} from "./ingest.test-support.js";
import type { IngestService } from "./ingest-service.js";

const T = Date.UTC(2025, 10, 24, 10, 50);
const cam = { site: "s1", device: "d1", camera: "cam-1" };
// A hub-side account with full access: the only way to put another device's topic on the embedded
// broker, since devices are confined to their own prefix.
const tools = { username: "hub-tools", password: "tools-secret" };

let database: Database;
let hub: EmbeddedIngest;
let ingest: IngestService;
let broadcaster: RecordingBroadcaster;
let dataDir: string;
let device: MqttClient;
let toolClient: MqttClient;

beforeAll(async () => {
  database = await migratedDatabase({ kind: "pglite", dir: "memory://" });
  const d1 = await enrolTestDevice(database.db, "s1", "d1");
  await enrolTestDevice(database.db, "s1", "d3", "revoked");
  dataDir = await mkdtemp(join(tmpdir(), "sitewatch-rejects-"));
  hub = await startEmbeddedIngest(database, { dataDir, superUsers: [tools] });
  ({ ingest, broadcaster } = hub);
  device = await mqtt.connectAsync(hub.url, {
    username: d1.username,
    password: d1.password,
    clientId: d1.username,
  });
  toolClient = await mqtt.connectAsync(hub.url, { ...tools, clientId: "tools" });
});

afterAll(async () => {
  await device?.endAsync(true);
  await toolClient?.endAsync(true);
  await ingest?.stop();
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function publish(topic: string, body: string | Buffer, client = device): Promise<void> {
  await client.publishAsync(topic, body, { qos: 1 });
}

const seatRows = () => database.db.select().from(seatEvents);

describe("ingest admission", () => {
  it("rejects bad messages by reason and keeps working", async () => {
    const seatTopic = topics.seatChange(cam);
    const valid = JSON.parse(seatChange({ seq: 20 })) as Record<string, unknown>;
    await publish(seatTopic, "{not json");
    await publish(seatTopic, JSON.stringify({ ...valid, pad: "x".repeat(70_000) }));
    await publish(seatTopic, JSON.stringify({ ...valid, v: 2 }));
    await publish(seatTopic, JSON.stringify({ ...valid, to: valid.from }));
    await publish("sitewatch/v1/s1/d1/bogus", "{}");
    await publish(topics.health({ site: "s1", device: "ghost" }), payload("health"), toolClient);
    await publish(topics.health({ site: "s1", device: "d3" }), payload("health"), toolClient);
    await until(() => Object.values(ingest.stats().rejected).reduce((a, b) => a + (b ?? 0), 0) >= 7);
    expect(ingest.stats().rejected).toEqual({
      MALFORMED_JSON: 1,
      PAYLOAD_TOO_LARGE: 1,
      UNSUPPORTED_VERSION: 1,
      SCHEMA_VIOLATION: 1,
      UNKNOWN_TOPIC: 1,
      UNKNOWN_DEVICE: 1,
      DEVICE_REVOKED: 1,
    });
    const byReason = Object.fromEntries(
      (await hub.metrics.ingestRejected.get()).values.map((v) => [v.labels.reason, v.value]),
    );
    expect(byReason).toMatchObject({ MALFORMED_JSON: 1, UNKNOWN_DEVICE: 1, DEVICE_REVOKED: 1 });

    const after = seatChange({ seq: 21, seat: "2B", at: T + 3_600_000 });
    await publish(seatTopic, after);
    await until(() => broadcaster.of("seatChange").some((e) => (e.data as { seat: string }).seat === "2B"));
    await ingest.flush();
    expect((await seatRows()).map((r) => r.seatId)).toContain("2B");
    expect(device.connected).toBe(true);
  });

  it("stores events from a device whose row appeared after the hub started", async () => {
    const late = await enrolTestDevice(database.db, "s1", "d4");
    const client = await mqtt.connectAsync(`ws://127.0.0.1:${hub.transport.ports().ws}`, {
      username: late.username,
      password: late.password,
      clientId: late.username,
    });
    try {
      const id = uuidv7();
      await publish(
        topics.seatChange({ ...cam, device: "d4" }),
        seatChange({ id, seq: 1, seat: "9Z" }),
        client,
      );
      await until(() => broadcaster.of("seatChange").some((e) => e.device === "d4"));
      await ingest.flush();
      const rows = await database.db.select().from(seatEvents).where(eq(seatEvents.id, id));
      expect(rows).toHaveLength(1);
    } finally {
      await client.endAsync(true);
    }
  });
});
