import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { type NatsServer, startNats } from "@sitewatch/testkit";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HubConfig } from "../config.js";
import { seatEvents } from "../db/schema/index.js";
import { Hub } from "../hub.js";
import { enrolTestDevice, until } from "../ingest/ingest.test-support.js";
import { createLogger } from "../observability/logger.js";
import { testHubConfig } from "../testing/test-hub.js";

/**
 * nats-server 2.9 PUBACKs MQTT QoS 1 publishes that arrive just after it received SIGTERM but never
 * stores them in its JetStream stream, and a broker crash loses acknowledged events too. So a device
 * may drop an event only when the hub confirms it (`settled`), not on the broker's PUBACK. Here the
 * device is the agent's real delivery stack (edge-agent's steady-device script, in a child process)
 * streaming seat changes through NATS' MQTT listener while the broker is restarted (SIGTERM) and while
 * the hub itself is down across another broker restart. Every event the device put in its outbox must
 * end up in the database exactly once, and the device must hear that it did (its outbox drains).
 */
const SITE = "yard-1";
const DEVICE = "steady_a";
const STREAM = "SITEWATCH";
const RATE = 400;
const TOTAL = 4_000;
const ACK_WAIT_S = 10;
const SCRIPT = fileURLToPath(
  new URL("../../../edge-agent/src/delivery/steady-device.test-support.ts", import.meta.url),
);

let nats: NatsServer;
let dir: string;
let config: HubConfig;
let hub: Hub | undefined;
let device: ChildProcess | undefined;

beforeAll(async () => {
  nats = await startNats();
  dir = await mkdtemp(join(tmpdir(), "sitewatch-js-restart-"));
  // A short ack wait: acks the hub sent into the broker's shutdown are lost like publishes are, and those
  // messages come back (as repeats, dropped by id) only after it.
  const base = testHubConfig(dir, { NATS_URL: nats.url, NATS_ACK_WAIT_S: String(ACK_WAIT_S) });
  // A file-backed database, so a second Hub object picks up where the first stopped.
  config = { ...base, database: { kind: "pglite", dir: join(dir, "pglite") } };
});

afterAll(async () => {
  if (device && device.exitCode === null) {
    device.kill("SIGKILL");
    await once(device, "exit");
  }
  await hub?.stop();
  await nats?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function startHub(): Promise<Hub> {
  const h = new Hub(config, { logger: createLogger("silent"), skipInitialAdmin: true });
  await h.start();
  return h;
}

/** The agent's delivery stack in a child process; collects the ids it put in its outbox. */
function startDevice(login: { username: string; password: string }) {
  const ids = new Set<string>();
  const state = { drained: false, stats: "", log: "" };
  const settings = {
    url: nats.mqttUrl,
    ...login,
    site: SITE,
    device: DEVICE,
    camera: "cam-1",
    dataDir: join(dir, "device"),
    rate: RATE,
    total: TOTAL,
  };
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, JSON.stringify(settings)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let partial = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      if (line.startsWith("e ")) ids.add(line.slice(2));
      else if (line.startsWith("stats ")) state.stats = line.slice(6);
      else if (line === "drained") state.drained = true;
    }
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    state.log = (state.log + chunk.toString()).slice(-8_000);
  });
  return { child, ids, state };
}

async function stored(h: Hub): Promise<{ ids: Set<string>; rows: number }> {
  const rows = await h.parts.database.db
    .select({ id: seatEvents.id })
    .from(seatEvents)
    .where(eq(seatEvents.deviceId, DEVICE));
  return { ids: new Set(rows.map((r) => r.id)), rows: rows.length };
}

describe("NATS JetStream transport across broker and hub restarts", () => {
  it("stores every event the device enqueued exactly once, confirmed back to it", {
    timeout: 240_000,
  }, async () => {
    hub = await startHub();
    const login = await enrolTestDevice(hub.parts.database.db, SITE, DEVICE);
    const agent = startDevice(login);
    device = agent.child;
    const phases: Record<string, number> = {};
    const emitted = (n: number, what: string) =>
      until(() => agent.ids.size >= n, 60_000, what).catch((err: Error) => {
        throw new Error(`${err.message} (${agent.ids.size} emitted):\n${agent.state.log}`);
      });

    await emitted(400, "events before the first restart");
    phases["SIGTERM restart"] = agent.ids.size;
    await nats.restart("SIGTERM");
    await emitted(agent.ids.size + 800, "events after the restart");
    // A broker crash (SIGKILL) is measured in the fault benchmark (deploy/bench/faults.bench.ts).

    // The hub is down across a broker restart; the device keeps publishing and the broker keeps it.
    phases["hub stop"] = agent.ids.size;
    await hub.stop();
    hub = undefined;
    await nats.restart("SIGTERM");
    await emitted(agent.ids.size + 800, "events while the hub is down");
    phases["hub start"] = agent.ids.size;
    hub = await startHub();

    await until(() => agent.state.drained, 150_000, "every event confirmed to the device").catch(
      (err: Error) => {
        throw new Error(`${err.message} (${agent.ids.size} emitted):\n${agent.state.log}`);
      },
    );
    const running = hub;
    // Confirmed means committed, so this holds at once; the wait only lets a device that dropped events
    // on a broker's PUBACK (the old rule) show its real losses rather than the hub's backlog.
    const allStored = async () => {
      const { ids } = await stored(running);
      return [...agent.ids].every((id) => ids.has(id));
    };
    await until(allStored, 30_000, "every emitted event in the database").catch(() => {});
    const { ids, rows } = await stored(running);
    const missing = [...agent.ids].filter((id) => !ids.has(id));
    console.info(
      `jetstream restart test: emitted ${agent.ids.size}, stored ${ids.size} in ${rows} rows, missing ` +
        `${missing.length}; emitted at ${JSON.stringify(phases)}; device ${agent.state.stats}`,
    );
    expect(agent.ids.size).toBe(TOTAL);
    expect(missing).toEqual([]);
    // seat_events.id is the primary key: one row per id, and none the device never emitted.
    expect(rows).toBe(ids.size);
    expect([...ids].filter((id) => !agent.ids.has(id))).toEqual([]);
    const sent = (await running.parts.metrics.confirmationsSent.get()).values[0]?.value ?? 0;
    expect(sent).toBeGreaterThan(0);

    // Everything was acked back to the broker in the end: nothing is left pending for a hub.
    const nc = await connect({ servers: nats.url });
    try {
      const jsm = await jetstreamManager(nc);
      let last = "";
      const drained = async () => {
        const i = await jsm.consumers.info(STREAM, "sitewatch-hub");
        last = JSON.stringify({
          pending: i.num_pending,
          ackPending: i.num_ack_pending,
          ackFloor: i.ack_floor,
        });
        return i.num_pending === 0 && i.num_ack_pending === 0;
      };
      await until(drained, ACK_WAIT_S * 1_000 + 20_000, "an empty consumer").catch((err: Error) => {
        throw new Error(`${err.message}: ${last}`);
      });
    } finally {
      await nc.close();
    }
  });
});
