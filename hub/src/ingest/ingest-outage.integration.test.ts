import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { topics } from "@sitewatch/shared-protocol";
import { type RealPostgres, startPostgres } from "@sitewatch/testkit";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/client.js";
import { createBrokerAuth } from "../mqtt/broker-auth.js";
import { createEmbeddedTransport } from "../mqtt/embedded-transport.js";
import { createLogger } from "../observability/logger.js";
import { createMetrics, type Metrics } from "../observability/metrics.js";
import { ingestModules } from "../roles/role-table.js";
import {
  enrolTestDevice,
  migratedDatabase,
  RecordingBroadcaster,
  seatChange,
  until,
} from "./ingest.test-support.js";
import { createIngestService, type IngestService } from "./ingest-service.js";

const MAX_PENDING = 100;
const topic = topics.seatChange({ site: "s1", device: "d1", camera: "cam-1" });

let pg: RealPostgres;
let database: Database;
let metrics: Metrics;
let ingest: IngestService;
let device: MqttClient;
let dir: string;
let seq = 0;

const count = async (table: string) =>
  Number((await pg.query<{ n: string }>(`select count(*) as n from ${table}`))[0]?.n);
const flushErrors = async () =>
  (await metrics.dbErrors.get()).values.find((v) => v.labels.operation === "ingest-flush")?.value ?? 0;

/** Publishes `n` seat changes without waiting for acknowledgements; returns their ids. */
function publishMany(n: number, fields: Parameters<typeof seatChange>[0] = {}): string[] {
  return Array.from({ length: n }, () => {
    seq += 1;
    const body = seatChange({
      seq,
      seat: `S${seq % 40}`,
      at: Date.UTC(2025, 10, 24) + seq * 1_000,
      ...fields,
    });
    device.publish(topic, body, { qos: 1 });
    return (JSON.parse(body) as { id: string }).id;
  });
}

beforeAll(async () => {
  const started = await startPostgres();
  if (started.kind !== "postgres") throw new Error("this test needs a real PostgreSQL server");
  pg = started;
  database = await migratedDatabase({ kind: "postgres", url: pg.url });
  const d = await enrolTestDevice(database.db, "s1", "d1");
  metrics = createMetrics();
  const logger = createLogger("silent");
  dir = await mkdtemp(join(tmpdir(), "sitewatch-outage-"));
  const transport = createEmbeddedTransport({
    mqtt: { host: "127.0.0.1", port: 0, wsPort: 0 },
    auth: createBrokerAuth({ db: database.db, metrics, logger }),
    metrics,
    logger,
  });
  ingest = createIngestService({
    database,
    modules: ingestModules(),
    transport,
    events: new RecordingBroadcaster(),
    metrics,
    logger,
    config: { ingest: { batchRows: 50, batchMs: 20, maxPending: MAX_PENDING }, dataDir: dir },
    tuning: { retry: { initialMs: 20, maxMs: 200 } },
  });
  await ingest.start();
  device = await mqtt.connectAsync(`mqtt://127.0.0.1:${transport.ports().mqtt}`, {
    username: d.username,
    password: d.password,
    clientId: d.username,
  });
});

afterAll(async () => {
  await device?.endAsync(true);
  await ingest?.stop();
  await database?.close();
  await pg?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("ingest when the database fails", () => {
  it("keeps every accepted row while a table is unavailable and stores them all when it returns", async () => {
    await pg.query("alter table seat_events rename to seat_events_away");
    const errorsBefore = await flushErrors();
    const ids = publishMany(60);
    await until(async () => (await flushErrors()) >= errorsBefore + 2, 10_000, "failed flushes");
    expect(await count("seat_events_away")).toBe(0);
    await pg.query("alter table seat_events_away rename to seat_events");
    await until(() => ingest.stats().accepted >= seq, 10_000, "all messages accepted");
    await ingest.flush();
    const stored = await pg.query<{ id: string }>("select id from seat_events where id = any($1)", [ids]);
    expect(stored).toHaveLength(60);
    expect(ingest.stats().writer.dropped).toBe(0);
  });

  it("acknowledges nothing and reads no more while the database is stuck, then catches up without loss", async () => {
    const before = await count("seat_events");
    const lock = await pg.sql.reserve();
    await lock`begin`;
    await lock`lock table seat_status in access exclusive mode`;
    try {
      const ids = publishMany(400);
      const outgoing = () => Object.keys((device as unknown as { outgoing: object }).outgoing).length;
      // Nothing is acknowledged while the rows cannot commit, and the broker soon stops reading.
      await until(() => outgoing() > 0 && ingest.stats().accepted > 0, 10_000, "messages held");
      await sleep(300);
      const read = ingest.stats().accepted;
      await sleep(300);
      expect(ingest.stats().accepted).toBe(read);
      expect(read).toBeLessThan(seq);
      expect(outgoing()).toBe(400);
      // What waits in memory is bounded by what was read: one socket read per held connection.
      expect(read).toBeLessThan(400);
      await lock`commit`;
      await until(() => ingest.stats().accepted >= seq, 20_000, "all messages accepted");
      await ingest.flush();
      const stored = await pg.query<{ id: string }>("select id from seat_events where id = any($1)", [ids]);
      expect(stored).toHaveLength(400);
      expect(await count("seat_events")).toBe(before + 400);
    } finally {
      await lock`rollback`.catch(() => {});
      lock.release();
    }
  });

  // Backends are killed while flushes are in flight. postgres.js 3.4.9 used to crash the process here
  // (a write queued on a socket that had just closed threw from a timer; porsager/postgres#1154, #1208):
  // patches/postgres+3.4.9.patch fails those queries instead, and the writer retries them.
  it("recovers when PostgreSQL drops its connections mid-flush, and stores each event exactly once", async () => {
    const before = await count("seat_events");
    const ids: string[] = [];
    const kill = () =>
      pg.query<{ ok: boolean }>(
        "select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = current_database() and application_name = 'sitewatch-hub'",
      );
    let killedTotal = 0;
    for (let round = 0; round < 12; round++) {
      ids.push(...publishMany(50));
      await sleep((round * 7) % 30);
      killedTotal += (await kill()).length;
    }
    expect(killedTotal).toBeGreaterThan(0);
    await until(() => ingest.stats().accepted >= seq, 20_000, "all messages accepted");
    await ingest.flush();
    const stored = await pg.query<{ id: string }>("select id from seat_events where id = any($1)", [ids]);
    expect(stored).toHaveLength(ids.length);
    expect(await count("seat_events")).toBe(before + ids.length);
    expect(ingest.stats().writer.dropped).toBe(0);
  });

  it("refuses timestamps beyond the database's range and NUL characters up front, storing the rest", async () => {
    const before = await count("seat_events");
    const rejected = ingest.stats().rejected.SCHEMA_VIOLATION ?? 0;
    const good = publishMany(20);
    // Beyond what a timestamp can hold: refused by the protocol's bound, before any database work.
    seq += 1;
    const farFuture = JSON.parse(seatChange({ seq, seat: "S1", at: Date.UTC(2025, 10, 24) }));
    device.publish(topic, JSON.stringify({ ...farFuture, at: 9e15 }), { qos: 1 });
    publishMany(1, { evidence: { persons: 0, objects: ["bag\u0000"] } });
    good.push(...publishMany(20));
    await until(
      () => ingest.stats().accepted + (ingest.stats().rejected.SCHEMA_VIOLATION ?? 0) >= seq,
      10_000,
    );
    await ingest.flush();
    expect(ingest.stats().rejected.SCHEMA_VIOLATION).toBe(rejected + 2);
    const stored = await pg.query<{ id: string }>("select id from seat_events where id = any($1)", [good]);
    expect(stored).toHaveLength(40);
    expect(await count("seat_events")).toBe(before + 40);
    expect(ingest.stats().writer.dropped).toBe(0);
  });
});
