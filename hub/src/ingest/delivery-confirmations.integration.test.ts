import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { decodeMessage, SeqRanges, topics, uuidv7 } from "@sitewatch/shared-protocol";
import { and, eq, inArray } from "drizzle-orm";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/client.js";
import { seatEvents } from "../db/schema/index.js";
import {
  type EmbeddedIngest,
  type EnrolledDevice,
  enrolTestDevice,
  migratedDatabase,
  payload,
  seatChange,
  startEmbeddedIngest,
  until,
} from "./ingest.test-support.js";

/**
 * Ingest tells a device which of its QoS 1 events are settled (`settled` on its own topic): stored ones
 * only after their commit, repeats, and refusals for good; never a QoS 0 message. Real ingest on the
 * embedded broker, real database.
 */
const cam = { site: "s1", device: "d1", camera: "cam-1" };
let database: Database;
let hub: EmbeddedIngest;
let dataDir: string;
const clients: MqttClient[] = [];

async function connect(login: EnrolledDevice): Promise<MqttClient> {
  const c = await mqtt.connectAsync(hub.url, {
    username: login.username,
    password: login.password,
    clientId: login.username,
  });
  clients.push(c);
  return c;
}

/** Collects the numbers a device is told are settled, checking each against the database on arrival. */
function listen(client: MqttClient, device: string) {
  const settled = new SeqRanges();
  const notStoredYet: number[] = [];
  client.on("message", (topic, body) => {
    const decoded = decodeMessage(topic, body);
    if (!decoded.ok || decoded.kind !== "settled") return;
    const seqs = decoded.message.ranges.flatMap(([a, b]) =>
      Array.from({ length: b - a + 1 }, (_, i) => a + i),
    );
    for (const [from, to] of decoded.message.ranges) settled.add(from, to);
    void database.db
      .select({ seq: seatEvents.seq })
      .from(seatEvents)
      .where(and(eq(seatEvents.deviceId, device), inArray(seatEvents.seq, seqs)))
      .then((rows) => {
        const stored = new Set(rows.map((r) => r.seq));
        notStoredYet.push(...seqs.filter((s) => s <= 20 && !stored.has(s)));
      });
  });
  return { settled, notStoredYet };
}

beforeAll(async () => {
  database = await migratedDatabase({ kind: "pglite", dir: "memory://" });
  dataDir = await mkdtemp(join(tmpdir(), "sitewatch-confirm-"));
  hub = await startEmbeddedIngest(database, { dataDir });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true)));
  await hub?.ingest.stop();
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("delivery confirmations", () => {
  it("confirms stored, repeated and refused QoS 1 events to their own device only", async () => {
    const d1 = await connect(await enrolTestDevice(database.db, "s1", "d1"));
    const d2 = await connect(await enrolTestDevice(database.db, "s1", "d2"));
    await expect(d1.subscribeAsync(topics.settled({ site: "s1", device: "d2" }), { qos: 1 })).rejects.toThrow(
      /subscribe/i,
    );
    await d1.subscribeAsync(topics.settled({ site: "s1", device: "d1" }), { qos: 1 });
    await d2.subscribeAsync(topics.settled({ site: "s1", device: "d2" }), { qos: 1 });
    const one = listen(d1, "d1");
    const two = listen(d2, "d2");

    const topic = topics.seatChange(cam);
    const ids = Array.from({ length: 20 }, () => uuidv7());
    for (let seq = 1; seq <= 20; seq++) {
      await d1.publishAsync(topic, seatChange({ id: ids[seq - 1], seq }), { qos: 1 });
    }
    // A repeat of seq 5, an event refused for its time (for good), and a QoS 0 heartbeat.
    await d1.publishAsync(topic, seatChange({ id: ids[4], seq: 5 }), { qos: 1 });
    await d1.publishAsync(topic, seatChange({ seq: 21, ts: Date.now() + 86_400_000 }), { qos: 1 });
    await d1.publishAsync(topics.health({ site: "s1", device: "d1" }), payload("health", { seq: 22 }), {
      qos: 0,
    });

    await until(() => one.settled.has(21) && one.settled.has(20), 5_000, "confirmations for d1");
    await sleep(500); // room for a wrong confirmation (seq 22, or any for d2) to arrive
    expect(one.settled.toArray()).toEqual([[1, 21]]);
    expect(two.settled.size).toBe(0);
    // Every stored event was in the database when its confirmation arrived.
    expect(one.notStoredYet).toEqual([]);
    const refused = (await hub.metrics.ingestRejected.get()).values;
    expect(refused.find((v) => v.labels.reason === "EVENT_TIME_OUT_OF_RANGE")?.value).toBe(1);
    const sent = (await hub.metrics.confirmationsSent.get()).values[0]?.value ?? 0;
    expect(sent).toBeGreaterThanOrEqual(1);
    expect(sent).toBeLessThanOrEqual(10); // batched: ~1 per 200 ms, not one per event
  });
});
