import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { topics } from "@sitewatch/shared-protocol";
import { type MosquittoBroker, startMosquitto, startPostgres, type TestDatabase } from "@sitewatch/testkit";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../db/client.js";
import { createExternalTransport } from "../mqtt/external-transport.js";
import { writeBrokerConfig } from "../mqtt/mosquitto-files.js";
import { createLogger } from "../observability/logger.js";
import { createMetrics } from "../observability/metrics.js";
import { ingestModules } from "../roles/role-table.js";
import {
  enrolTestDevice,
  migratedDatabase,
  RecordingBroadcaster,
  seatChange,
  until,
} from "./ingest.test-support.js";
import { createIngestService, type IngestService } from "./ingest-service.js";

const N = 500;
const REPLAYED = 100;
const SEATS = 10;
const MIN = 60_000;
const T = Date.UTC(2025, 10, 24, 8);
const hubUser = { username: "sitewatch-hub", password: "hub-password-for-tests" };

let pg: TestDatabase;
let broker: MosquittoBroker;
let dir: string;
const databases: Database[] = [];
const hubs: IngestService[] = [];
let device: MqttClient;

async function startHub(clientId: string): Promise<IngestService> {
  const database = await migratedDatabase(
    pg.kind === "postgres" ? { kind: "postgres", url: pg.url } : { kind: "pglite", dir: "memory://" },
  );
  databases.push(database);
  const logger = createLogger("silent");
  const hub = createIngestService({
    database,
    modules: ingestModules(),
    transport: createExternalTransport({
      url: broker.url,
      ...hubUser,
      shareGroup: "hubs",
      clientId,
      logger,
    }),
    events: new RecordingBroadcaster(),
    metrics: createMetrics(),
    logger,
    config: { ingest: { batchRows: 100, batchMs: 20, maxPending: 10_000 }, dataDir: dir },
  });
  await hub.start();
  hubs.push(hub);
  return hub;
}

/**
 * Ten seats, each alternating empty → occupied → empty… one minute apart, with the device's own
 * durations: every transition accounts exactly one minute, whichever hub instance sees it.
 */
function events(): string[] {
  return Array.from({ length: N }, (_, i) => {
    const seat = `S${i % SEATS}`;
    const step = Math.floor(i / SEATS);
    const toOccupied = step % 2 === 0;
    return seatChange({
      seq: i + 1,
      seat,
      from: toOccupied ? "empty" : "occupied",
      to: toOccupied ? "occupied" : "empty",
      at: T + (step + 1) * MIN,
      vacancyMs: toOccupied ? MIN : undefined,
      stayMs: toOccupied ? undefined : MIN,
    });
  });
}

beforeAll(async () => {
  pg = await startPostgres();
  dir = await mkdtemp(join(tmpdir(), "sitewatch-shared-"));
  const setup = await migratedDatabase(
    pg.kind === "postgres" ? { kind: "postgres", url: pg.url } : { kind: "pglite", dir: "memory://" },
  );
  const d = await enrolTestDevice(setup.db, "s1", "d1");
  const files = await writeBrokerConfig({
    db: setup.db,
    dir,
    hubUser: hubUser.username,
    hubPassword: hubUser.password,
  });
  await setup.close();
  broker = await startMosquitto({
    allowAnonymous: false,
    passwordFile: files.passwordFile,
    aclFile: files.aclFile,
  });
  await startHub("hub-a");
  await startHub("hub-b");
  device = await mqtt.connectAsync(broker.url, {
    username: d.username,
    password: d.password,
    clientId: d.username,
  });
});

afterAll(async () => {
  await device?.endAsync(true);
  for (const hub of hubs) await hub.stop();
  for (const database of databases) await database.close();
  await broker?.stop();
  await pg?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("two hub instances on one Mosquitto (shared subscription)", () => {
  it(`store ${N} events exactly once between them, replays included, and both take a share`, async () => {
    expect(pg.kind).toBe("postgres");
    const all = events();
    const topic = topics.seatChange({ site: "s1", device: "d1", camera: "cam-1" });
    for (const body of all) device.publish(topic, body, { qos: 1 });
    // Replays (store-and-forward after a reconnect): the same ids again. Shifted by one so that, with
    // the broker's round robin, each replay reaches the instance that did not see the original.
    for (const body of all.slice(1, REPLAYED + 1)) device.publish(topic, body, { qos: 1 });
    const received = () => hubs.reduce((n, h) => n + h.stats().accepted + h.stats().duplicates, 0);
    await until(() => received() >= N + REPLAYED, 20_000, "every message at some instance");
    await Promise.all(hubs.map((h) => h.flush()));

    const [count] = await pg.query<{ n: string }>("select count(*) as n from seat_events");
    expect(Number(count?.n)).toBe(N);
    const [a, b] = hubs.map((h) => h.stats().accepted + h.stats().duplicates);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    // Some replays reached the other instance, whose id cache had not seen them: only the primary key
    // stopped them there.
    expect(hubs.reduce((n, h) => n + h.stats().duplicates, 0)).toBeLessThan(REPLAYED);
    for (const hub of hubs) expect(hub.stats().writer.dropped).toBe(0);

    // Statistics count each event once: N minutes in total, N/2 entries and N/2 stays.
    const [totals] = await pg.query<Record<string, string>>(
      `select sum(occupied_ms + vacant_ms) as ms, sum(entries) as entries, sum(stays) as stays,
              sum(stay_ms_total) as stay_ms from occupancy_stats`,
    );
    expect(Number(totals?.ms)).toBe(N * MIN);
    expect(Number(totals?.entries)).toBe(N / 2);
    expect(Number(totals?.stays)).toBe(N / 2);
    expect(Number(totals?.stay_ms)).toBe((N / 2) * MIN);

    // Each seat ends in its last state, whichever instance wrote last.
    const status = await pg.query<{ seat_id: string; state: string; since: Date }>(
      "select seat_id, state, since from seat_status order by seat_id",
    );
    expect(status).toHaveLength(SEATS);
    for (const row of status) {
      expect(row.state).toBe("empty");
      expect(row.since.getTime()).toBe(T + (N / SEATS) * MIN);
    }
  });
});
