import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type RealPostgres, startMosquitto, startPostgres } from "@sitewatch/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { FaultHub } from "./fault-hub.test-support.js";
import { SteadyDevice } from "./steady-device.test-support.js";
import {
  expectExactlyOnce,
  storedInPglite,
  storedInPostgres,
  storedWhenSettled,
} from "./stored-events.test-support.js";

/**
 * The durability promise, proven on real parts: a device on the agent's real delivery stack publishes
 * seat changes steadily at QoS 1 while the hub process is killed with SIGKILL, the database crashes, or
 * the device itself is killed; at the end every event the device emitted is in the database exactly
 * once. Before acknowledgements waited for the commit, each hub kill lost tens of acknowledged events.
 */
const SITE = "faults";
const DEVICE = "steady-1";
let cleanup: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => {});
  cleanup = [];
});

async function tempDir(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `sitewatch-fault-${name}-`));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function realPostgres(): Promise<RealPostgres> {
  const pg = await startPostgres({ durableCommits: true });
  if (pg.kind !== "postgres") throw new Error("the fault suite needs a PostgreSQL server");
  cleanup.push(() => pg.stop());
  return pg;
}

async function hubWithDevice(databaseUrl: string | undefined, rate: number, total: number) {
  const dir = await tempDir("hub");
  const hub = new FaultHub({ dataDir: dir, databaseUrl });
  cleanup.push(() => hub.stop());
  await hub.start();
  const login = await hub.provision(SITE, DEVICE);
  const device = new SteadyDevice({ login, url: hub.mqttUrl, dataDir: await tempDir("device"), rate, total });
  cleanup.push(() => device.stop());
  device.start();
  return { hub, device };
}

/**
 * Kills the hub once the device has emitted each of `at`, and starts it again after `downMs`. With
 * `stall`, the database is slow first (a lock holds seat writes for 500 ms), so the hub dies with
 * writes in flight: what it had acknowledged early would be lost right there.
 */
async function killHubAt(
  hub: FaultHub,
  device: SteadyDevice,
  at: number[],
  downMs: number,
  stall?: RealPostgres,
) {
  for (const n of at) {
    await device.whenEmitted(n);
    const lock = stall ? await stall.sql.reserve() : undefined;
    if (lock) {
      await lock`begin`;
      await lock`lock table seat_events in access exclusive mode`;
      await sleep(500);
    }
    await hub.kill();
    if (lock) {
      await lock`rollback`;
      lock.release();
    }
    await sleep(downMs);
    await hub.start();
  }
}

describe("faults: acknowledged events survive (integration)", { timeout: 180_000 }, () => {
  it("hub kill -9 with PostgreSQL, twice mid-stream", async () => {
    const pg = await realPostgres();
    const { hub, device } = await hubWithDevice(pg.url, 400, 4_000);
    await killHubAt(hub, device, [1_000, 2_500], 300, pg);
    await device.whenDrained(90_000);
    expectExactlyOnce("hub-kill/postgres", device, await storedInPostgres(pg, SITE, DEVICE));
    const metrics = await (await fetch(`${hub.url}/metrics`)).text();
    // The restarted hub continued the device's numbering from the database: nothing looked lost.
    expect(metrics).toMatch(/^sitewatch_ingest_sequence_gap_events_total 0$/m);
    expect(hub.unexpectedExits).toBe(0);
  });

  it("hub kill -9 with an external Mosquitto broker (broker-config files), twice mid-stream", async () => {
    const pg = await realPostgres();
    const dir = await tempDir("hub");
    // Provisioned through an embedded-broker start, as `npm start` would; then the operator's steps.
    const setup = new FaultHub({ dataDir: dir, databaseUrl: pg.url });
    await setup.start();
    const login = await setup.provision(SITE, DEVICE);
    await setup.stop();
    const account = { username: "fault-hub", password: "fault-hub-broker-password" };
    const out = join(dir, "mosquitto");
    await setup.cli([
      "broker-config",
      "--out",
      out,
      "--hub-user",
      account.username,
      "--hub-password",
      account.password,
    ]);
    const generated = (await readFile(join(out, "sitewatch.conf"), "utf8")).split("\n");
    const broker = await startMosquitto({
      allowAnonymous: false,
      passwordFile: join(out, "sitewatch.passwd"),
      aclFile: join(out, "sitewatch.acl"),
      extraConfig: generated.filter((l) => /^max_queued_messages /.test(l)),
    });
    cleanup.push(() => broker.stop());
    const hub = new FaultHub({ dataDir: dir, databaseUrl: pg.url, mqtt: { url: broker.url, ...account } });
    cleanup.push(() => hub.stop());
    await hub.start();
    const device = new SteadyDevice({
      login,
      url: broker.url,
      dataDir: await tempDir("device"),
      rate: 400,
      total: 4_000,
    });
    cleanup.push(() => device.stop());
    device.start();
    await killHubAt(hub, device, [1_000, 2_500], 300, pg);
    await device.whenDrained(90_000);
    const stored = await storedWhenSettled(() => storedInPostgres(pg, SITE, DEVICE), device.emitted);
    expectExactlyOnce("hub-kill/mosquitto", device, stored);
  });

  it("hub kill -9 with PGlite, twice mid-stream", async () => {
    const { hub, device } = await hubWithDevice(undefined, 250, 2_000);
    await killHubAt(hub, device, [500, 1_200], 300);
    await device.whenDrained(90_000);
    await hub.stop();
    expectExactlyOnce("hub-kill/pglite", device, await storedInPglite(hub.dataDir, SITE, DEVICE));
  });

  it("PostgreSQL crash (immediate shutdown) and restart, then down again while the hub is killed", async () => {
    const pg = await realPostgres();
    const { hub, device } = await hubWithDevice(pg.url, 400, 4_000);
    await device.whenEmitted(800);
    await pg.halt("immediate");
    await sleep(2_000);
    await pg.resume();
    await device.whenEmitted(2_000);
    await pg.halt("immediate");
    await sleep(3_000);
    await hub.kill();
    await pg.resume();
    await hub.start();
    await device.whenDrained(90_000);
    expectExactlyOnce("postgres-crash", device, await storedInPostgres(pg, SITE, DEVICE));
  });

  it("device kill -9 twice mid-stream, restarted on the same data dir", async () => {
    const pg = await realPostgres();
    const { device } = await hubWithDevice(pg.url, 400, 3_000);
    for (const n of [700, 1_800]) {
      await device.whenEmitted(n);
      await device.kill();
      device.start();
    }
    await device.whenDrained(90_000);
    expect(device.kills).toBe(2);
    expectExactlyOnce("device-kill", device, await storedInPostgres(pg, SITE, DEVICE));
  });
});
