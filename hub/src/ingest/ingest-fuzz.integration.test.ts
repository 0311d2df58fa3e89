import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AddressOf,
  type DeviceToHubKind,
  messageKinds,
  messages,
  topicFor,
  topics,
} from "@sitewatch/shared-protocol";
import { type SQL, sql } from "drizzle-orm";
import fc from "fast-check";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/client.js";
import { seatEvents } from "../db/schema/index.js";
import { invalid, MARKER, odd } from "./hostile-payloads.test-support.js";
import {
  type EmbeddedIngest,
  enrolTestDevice,
  migratedDatabase,
  seatChange,
  startEmbeddedIngest,
  until,
} from "./ingest.test-support.js";

// Hostile payloads from a real enrolled device over the real embedded broker, at QoS 1, for every
// device-to-hub topic of the protocol. Each message must be counted exactly once (accepted, rejected or
// a duplicate), the device must stay connected, and what is invalid by construction must be rejected
// and leave the database and the data directory untouched.
const KINDS = messageKinds.filter((k) => messages[k].direction === "device-to-hub") as DeviceToHubKind[];
const ADDRESS = { site: "s1", device: "d1", camera: "cam-1" };
const RUNS = { invalid: 25, odd: 10 };

let database: Database;
let dataDir: string;
let hub: EmbeddedIngest;
let device: MqttClient;
let drops = 0;
let published = 0;

const topicOf = (kind: DeviceToHubKind) => topicFor(kind, ADDRESS as AddressOf<typeof kind>);

async function sumOf(metric: { get(): Promise<{ values: Array<{ value: number }> }> }): Promise<number> {
  return (await metric.get()).values.reduce((sum, v) => sum + v.value, 0);
}
async function tally() {
  const { metrics } = hub;
  return {
    accepted: await sumOf(metrics.ingestAccepted),
    rejected: await sumOf(metrics.ingestRejected),
    duplicates: await sumOf(metrics.ingestDuplicates),
  };
}
const total = (t: Awaited<ReturnType<typeof tally>>) => t.accepted + t.rejected + t.duplicates;

/** Publishes one message at QoS 1 and returns how the hub counted it, once it counted it. */
async function publish(kind: DeviceToHubKind, body: string | Uint8Array) {
  const before = await tally();
  published += 1;
  await device.publishAsync(topicOf(kind), Buffer.from(body), { qos: 1 });
  let after = before;
  await until(
    async () => {
      after = await tally();
      return total(after) > total(before);
    },
    5_000,
    `verdict on ${kind}`,
  );
  return {
    accepted: after.accepted - before.accepted,
    rejected: after.rejected - before.rejected,
    total: total(after) - total(before),
  };
}

async function rows(query: SQL): Promise<Array<Record<string, unknown>>> {
  const result = (await database.db.execute(query)) as unknown as { rows?: unknown[] } | unknown[];
  return (Array.isArray(result) ? result : (result.rows ?? [])) as Array<Record<string, unknown>>;
}
async function tableCounts(): Promise<Record<string, number>> {
  const tables = await rows(
    sql`select table_name from information_schema.tables where table_schema = 'public'`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name: name } of tables) {
    const [row] = await rows(sql.raw(`select count(*)::int as n from "${String(name)}"`));
    counts[String(name)] = Number(row?.n);
  }
  return counts;
}

beforeAll(async () => {
  database = await migratedDatabase({ kind: "pglite", dir: "memory://" });
  const login = await enrolTestDevice(database.db, ADDRESS.site, ADDRESS.device);
  dataDir = await mkdtemp(join(tmpdir(), "sitewatch-fuzz-"));
  hub = await startEmbeddedIngest(database, { dataDir });
  device = await mqtt.connectAsync(hub.url, { ...login, clientId: login.username, reconnectPeriod: 0 });
  device.on("close", () => {
    drops += 1;
  });
});

afterAll(async () => {
  await device?.endAsync(true);
  await hub?.ingest.stop();
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("hostile MQTT payloads", { timeout: 60_000 }, () => {
  it("rejects, counts and stores nothing of payloads the protocol refuses, on every device topic", async () => {
    const before = await tableCounts();
    const start = await tally();
    for (const kind of KINDS) {
      await fc.assert(
        fc.asyncProperty(invalid(kind), async (body) => {
          const verdict = await publish(kind, body);
          expect(verdict).toEqual({ accepted: 0, rejected: 1, total: 1 });
          expect(device.connected).toBe(true);
        }),
        { numRuns: RUNS.invalid, endOnFailure: true },
      );
    }
    expect(total(await tally()) - total(start)).toBe(published);
    expect(await tableCounts()).toEqual(before);
    await expect(stat(join(dataDir, "snapshots"))).rejects.toThrow(/ENOENT/);
    expect(drops).toBe(0);
  });

  it("counts every schema-shaped oddity once, keeps the device connected and stores no unknown keys", async () => {
    const start = await tally();
    let sent = 0;
    for (const kind of KINDS) {
      await fc.assert(
        fc.asyncProperty(odd(kind), async (body) => {
          sent += 1;
          expect((await publish(kind, body)).total).toBe(1);
          expect(device.connected).toBe(true);
        }),
        { numRuns: RUNS.odd, endOnFailure: true },
      );
    }
    expect(total(await tally()) - total(start)).toBe(sent);
    await hub.ingest.flush();
    for (const table of Object.keys(await tableCounts())) {
      const [hit] = await rows(
        sql.raw(`select count(*)::int as n from "${table}" t where t::text like '%${MARKER}%'`),
      );
      expect({ table, n: Number(hit?.n) }).toEqual({ table, n: 0 });
    }
    // Not one picture: none answered a snapshot request.
    await expect(stat(join(dataDir, "snapshots"))).rejects.toThrow(/ENOENT/);
    expect(drops).toBe(0);
  });

  it("still stores a valid event afterwards", async () => {
    const event = seatChange({ seq: 1_000_000, seat: "9Z" });
    await device.publishAsync(topics.seatChange(ADDRESS), event, { qos: 1 });
    await hub.ingest.flush();
    const stored = await database.db.select().from(seatEvents);
    expect(stored.map((r) => r.id)).toContain((JSON.parse(event) as { id: string }).id);
    expect(drops).toBe(0);
  });
});
