import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  eventually,
  type NatsServer,
  type RealPostgres,
  startMosquitto,
  startNats,
  startPostgres,
} from "@sitewatch/testkit";
import { FaultHub } from "./fault-hub.test-support.js";
import { SteadyDevice } from "./steady-device.test-support.js";
import {
  type FaultVerdict,
  faultVerdict,
  storedInPglite,
  storedInPostgres,
  storedWhenSettled,
} from "./stored-events.test-support.js";

/**
 * The fault scenarios, shared by the fault suite (once each, in `npm test`) and the fault benchmark
 * (several times each): a device on the agent's real delivery stack publishes seat changes steadily at
 * QoS 1 while something is killed; the verdict counts what reached the database.
 */
const SITE = "faults";
const DEVICE = "steady-1";

export interface ScenarioResult {
  verdict: FaultVerdict;
  /** The last hub's /metrics text, for checks beyond the count. */
  metrics: string;
  unexpectedHubExits: number;
}

/** Owns what a scenario starts; `close()` stops and removes all of it. */
export class ScenarioScope {
  private readonly steps: Array<() => Promise<unknown>> = [];

  defer(step: () => Promise<unknown>): void {
    this.steps.push(step);
  }

  async close(): Promise<void> {
    for (const step of this.steps.reverse()) await step().catch(() => {});
    this.steps.length = 0;
  }

  async tempDir(name: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), `sitewatch-fault-${name}-`));
    this.defer(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  async postgres(): Promise<RealPostgres> {
    const pg = await startPostgres({ durableCommits: true });
    this.defer(() => pg.stop());
    if (pg.kind !== "postgres") throw new Error("the fault scenarios need a PostgreSQL server");
    return pg;
  }

  async hub(options: ConstructorParameters<typeof FaultHub>[0]): Promise<FaultHub> {
    const hub = new FaultHub(options);
    this.defer(() => hub.stop());
    await hub.start();
    return hub;
  }

  async device(login: Awaited<ReturnType<FaultHub["provision"]>>, url: string, rate: number, total: number) {
    const device = new SteadyDevice({ login, url, dataDir: await this.tempDir("device"), rate, total });
    this.defer(() => device.stop());
    device.start();
    return device;
  }
}

/**
 * Kills the hub once the device has emitted each of `at`, and starts it again after `downMs`. With
 * `stall`, the database is slow first (a lock holds seat writes for 500 ms), so the hub dies with
 * writes in flight: whatever it had acknowledged early would be lost right there.
 */
async function killHubAt(hub: FaultHub, device: SteadyDevice, at: number[], stall?: RealPostgres) {
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
    await sleep(300);
    await hub.start();
  }
}

async function finish(
  hub: FaultHub,
  device: SteadyDevice,
  read: () => Promise<ReturnType<typeof faultVerdict>["stored"]>,
) {
  await device.whenDrained(120_000);
  const metrics = await (await fetch(`${hub.url}/metrics`)).text();
  // With an external broker the outbox drains once the broker has everything; the hub may still be busy.
  const stored = await storedWhenSettled(read, device.emitted);
  return { verdict: faultVerdict(device, stored), metrics, unexpectedHubExits: hub.unexpectedExits };
}

export const scenarios = {
  /** Embedded broker + PostgreSQL; the hub killed twice while the database is slow. */
  async "hub kill -9 (PostgreSQL)"(s: ScenarioScope): Promise<ScenarioResult> {
    const pg = await s.postgres();
    const hub = await s.hub({ dataDir: await s.tempDir("hub"), databaseUrl: pg.url });
    const device = await s.device(await hub.provision(SITE, DEVICE), hub.mqttUrl, 400, 4_000);
    await killHubAt(hub, device, [1_000, 2_500], pg);
    return finish(hub, device, () => storedInPostgres(pg, SITE, DEVICE));
  },

  /** Embedded broker + PGlite in the data dir (the zero-setup default). */
  async "hub kill -9 (PGlite)"(s: ScenarioScope): Promise<ScenarioResult> {
    const hub = await s.hub({ dataDir: await s.tempDir("hub") });
    const device = await s.device(await hub.provision(SITE, DEVICE), hub.mqttUrl, 250, 2_000);
    await killHubAt(hub, device, [500, 1_200]);
    const result = await finish(hub, device, async () => ({ ids: new Set(), rows: 0, distinctSeqs: 0 }));
    await hub.stop();
    const stored = await storedInPglite(hub.dataDir, SITE, DEVICE);
    return { ...result, verdict: faultVerdict(device, stored) };
  },

  /** External Mosquitto set up from `hub broker-config`; the hub (a client) killed twice. */
  async "hub kill -9 (external Mosquitto)"(s: ScenarioScope): Promise<ScenarioResult> {
    const pg = await s.postgres();
    const dir = await s.tempDir("hub");
    // Provisioned through an embedded-broker start; then the operator's steps from the README.
    const setup = await s.hub({ dataDir: dir, databaseUrl: pg.url });
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
    s.defer(() => broker.stop());
    const hub = await s.hub({ dataDir: dir, databaseUrl: pg.url, mqtt: { url: broker.url, ...account } });
    const device = await s.device(login, broker.url, 400, 4_000);
    await killHubAt(hub, device, [1_000, 2_500], pg);
    return finish(hub, device, () => storedInPostgres(pg, SITE, DEVICE));
  },

  /**
   * NATS JetStream as the external broker (accounts from `hub broker-config --nats`): the broker
   * restarted (SIGTERM) under a running hub that must resume on its own, the hub killed, and the hub down across another broker restart.
   */
  async "broker restart + hub kill -9 (NATS JetStream)"(s: ScenarioScope): Promise<ScenarioResult> {
    return natsScenario(s, "SIGTERM");
  },

  /**
   * The same with the broker crashing (kill -9) instead of a clean restart. nats-server 2.9 writes its
   * stream files asynchronously, so this measures what a single node can lose; repeated in the fault
   * benchmark, not in `npm test`.
   */
  async "broker kill -9 + hub kill -9 (NATS JetStream)"(s: ScenarioScope): Promise<ScenarioResult> {
    return natsScenario(s, "SIGKILL");
  },

  /**
   * PostgreSQL stopped (fast shutdown) and started; then it crashes (immediate shutdown) and is down
   * while the hub is killed too.
   */
  async "PostgreSQL stop, crash + hub kill -9"(s: ScenarioScope): Promise<ScenarioResult> {
    const pg = await s.postgres();
    const hub = await s.hub({ dataDir: await s.tempDir("hub"), databaseUrl: pg.url });
    const device = await s.device(await hub.provision(SITE, DEVICE), hub.mqttUrl, 400, 4_000);
    await device.whenEmitted(800);
    await pg.halt("fast");
    await sleep(2_000);
    await pg.resume();
    await device.whenEmitted(2_000);
    await pg.halt("immediate");
    await sleep(3_000);
    await hub.kill();
    await pg.resume();
    await hub.start();
    return finish(hub, device, () => storedInPostgres(pg, SITE, DEVICE));
  },

  /** The device process killed twice and restarted on the same data dir. */
  async "device kill -9"(s: ScenarioScope): Promise<ScenarioResult> {
    const pg = await s.postgres();
    const hub = await s.hub({ dataDir: await s.tempDir("hub"), databaseUrl: pg.url });
    const device = await s.device(await hub.provision(SITE, DEVICE), hub.mqttUrl, 400, 3_000);
    for (const n of [700, 1_800]) {
      await device.whenEmitted(n);
      await device.kill();
      device.start();
    }
    return finish(hub, device, () => storedInPostgres(pg, SITE, DEVICE));
  },
} satisfies Record<string, (s: ScenarioScope) => Promise<ScenarioResult>>;

export type ScenarioName = keyof typeof scenarios;

/**
 * Not in `npm test` (the benchmark repeats it and reports what it loses): a single nats-server 2.9
 * killed with SIGKILL lost one acknowledged event in a loaded run (its stream writes are asynchronous).
 */
export const knownFailing: ScenarioName[] = ["broker kill -9 + hub kill -9 (NATS JetStream)"];

async function natsScenario(s: ScenarioScope, brokerSignal: "SIGTERM" | "SIGKILL"): Promise<ScenarioResult> {
  const pg = await s.postgres();
  const dir = await s.tempDir("hub");
  const setup = await s.hub({ dataDir: dir, databaseUrl: pg.url });
  const login = await setup.provision(SITE, DEVICE);
  await setup.stop();
  const account = { MQTT_USERNAME: "fault-hub", MQTT_PASSWORD: "fault-hub-nats-password" };
  const out = join(dir, "nats");
  await setup.cli([
    "broker-config",
    "--nats",
    "--out",
    out,
    "--hub-user",
    account.MQTT_USERNAME,
    "--hub-password",
    account.MQTT_PASSWORD,
  ]);
  const nats: NatsServer = await startNats({ include: [join(out, "sitewatch-accounts.conf")] });
  s.defer(() => nats.stop());
  // A killed hub's unacknowledged share goes to the next hub after the ack wait (60 s by default).
  const env = { ...account, NATS_URL: nats.url, HUB_INSTANCE_ID: "fault-hub", NATS_ACK_WAIT_S: "5" };
  const hub = await s.hub({ dataDir: dir, databaseUrl: pg.url, env });
  const device = await s.device(login, nats.mqttUrl, 400, 4_000);
  await device.whenEmitted(1_000);
  await nats.restart(brokerSignal);
  await device.whenEmitted(2_000);
  // The running hub must find the broker again by itself and catch up on what piled up meanwhile.
  await eventually(
    "the running hub to store what the device published across the broker restart",
    async () => (await storedInPostgres(pg, SITE, DEVICE)).rows >= 2_000,
    15_000,
  );
  await hub.kill();
  await sleep(300);
  await hub.start();
  await device.whenEmitted(3_000);
  await hub.stop();
  await nats.restart(brokerSignal);
  await sleep(1_000);
  await hub.start();
  return finish(hub, device, () => storedInPostgres(pg, SITE, DEVICE));
}
