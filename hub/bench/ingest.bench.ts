import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type AedesBroker, type RealPostgres, startAedes, startPostgres } from "@sitewatch/testkit";
import { reportBench } from "@sitewatch/testkit/bench";
import type { Hub } from "../src/hub.js";
import { type Command, LoadProcess, type ManyResult, type PhaseResult } from "./bench-protocol.js";
import { benchRows, type HubPhase, howMeasured, type Measured } from "./bench-rows.js";
import {
  flushTotals,
  installCommitTrigger,
  postgresCpuSeconds,
  storedAttentionEvents,
  storedSeatEvents,
} from "./db-probe.js";
import {
  bypassClusterBroadcast,
  type Cleanups,
  enrolDevices,
  insertDevices,
  logIn,
  runBench,
  seatTarget,
  startHub,
} from "./hub-harness.js";
import { machineBusySeconds, ProcessSampler, rssMb } from "./process-sampler.js";

// The hub benchmark (issue #3): the real hub in this process (embedded aedes, real PostgreSQL), the
// devices and the dashboard in a forked load process, so RSS and CPU below are the hub's own.
const SITE = "bench-site";
const FLEET_SITE = "bench-fleet";
const CAMERA = "cam-1";
// `--quick` shortens every phase for a smoke run of the harness; it prints but does not touch the docs.
const QUICK = process.argv.includes("--quick");
// Diagnostics, which also keep the docs untouched: `--local-broadcast` (see bypassClusterBroadcast in
// hub-harness.ts) and `--batch-rows N` (INGEST_BATCH_ROWS instead of the production default).
const LOCAL_BROADCAST = process.argv.includes("--local-broadcast");
const batchArg = process.argv.indexOf("--batch-rows");
const BATCH_ROWS = batchArg > 0 ? process.argv[batchArg + 1] : undefined;
// `--max-seconds N` sets only the max-rate phase's length (e.g. a full-length one inside `--quick`).
const maxArg = process.argv.indexOf("--max-seconds");
const MAX_SECONDS = maxArg > 0 ? Number(process.argv[maxArg + 1]) : undefined;
const DIAGNOSTIC = QUICK || LOCAL_BROADCAST || BATCH_ROWS !== undefined || MAX_SECONDS !== undefined;
const scale = (ms: number) => (QUICK ? Math.round(ms / 5) : ms);
const DEVICES = 50;
// Unacknowledged QoS 1 publishes per device in the max-rate phases: the edge agent's default window
// (edge-agent/src/delivery/mqtt-publisher.ts). With acknowledgements after the commit, a closed loop
// runs at about devices × window ÷ commit latency.
const WINDOW = 32;
const STEPS = [1_000, 5_000];
const STEP_MS = scale(15_000);
const MAX_MS = MAX_SECONDS ? MAX_SECONDS * 1000 : scale(10_000);
const MAX_MESSAGES = 600_000;
const SEED = { clients: 50, perClientRate: 30, durationMs: scale(30_000) };
const MANY = { count: QUICK ? 100 : 1_000, heartbeatMs: 10_000, holdMs: scale(20_000) };
// The whole run must end by itself; this bounds it even if a phase hangs in a way no timeout caught.
const RUN_LIMIT_MS = 8 * 60_000;

const log = (line: string) => console.error(`[bench] ${line}`);

async function hubPhase(
  hub: Hub,
  pg: RealPostgres,
  load: LoadProcess,
  command: Command,
  timeoutMs: number,
): Promise<HubPhase> {
  const sampler = new ProcessSampler();
  const before = await flushTotals(hub.parts.metrics);
  const dbBefore = postgresCpuSeconds(pg.dir);
  const machineBefore = machineBusySeconds();
  const startedAt = performance.now();
  sampler.begin();
  const result = await load.call<PhaseResult>(command, timeoutMs);
  const sample = sampler.end();
  const seconds = (performance.now() - startedAt) / 1000;
  const dbCpuPct = ((postgresCpuSeconds(pg.dir) - dbBefore) / seconds) * 100;
  const machinePct = ((machineBusySeconds() - machineBefore) / seconds) * 100;
  const otherCpuPct = Math.max(0, machinePct - sample.cpuPct - dbCpuPct - result.loadCpuPct);
  const after = await flushTotals(hub.parts.metrics);
  const flush = {
    flushes: after.flushes - before.flushes,
    seconds: after.seconds - before.seconds,
    rows: after.rows - before.rows,
  };
  log(
    `${result.label}: hub CPU ${sample.cpuPct.toFixed(0)} %, PostgreSQL CPU ${dbCpuPct.toFixed(0)} %, ` +
      `other programs ${otherCpuPct.toFixed(0)} %, RSS peak ${sample.rssMaxMb.toFixed(0)} MB, ${flush.flushes} flushes`,
  );
  return { load: result, hub: sample, flush, dbCpuPct, otherCpuPct };
}

async function run(cleanups: Cleanups): Promise<Measured> {
  const started = performance.now();
  const pgAny = await startPostgres({ database: "sitewatch_bench" });
  cleanups.push(() => pgAny.stop());
  if (pgAny.kind !== "postgres")
    throw new Error("the hub benchmark needs a real PostgreSQL server (initdb/pg_ctl on PATH)");
  const pg: RealPostgres = pgAny;
  log(`PostgreSQL ${pg.version} at ${pg.url}`);
  const load = new LoadProcess(fileURLToPath(new URL("./load-generator.ts", import.meta.url)));
  cleanups.push(() => load.stop());

  // 1. Raw baseline first, while nothing else runs: a plain aedes broker in this process.
  const raw: AedesBroker = await startAedes();
  cleanups.push(() => raw.stop());
  const rawSampler = new ProcessSampler();
  rawSampler.begin();
  const rawResult = await load.call<PhaseResult>(
    {
      cmd: "baseline",
      brokerUrl: raw.url,
      devices: DEVICES,
      window: WINDOW,
      durationMs: MAX_MS,
      maxMessages: MAX_MESSAGES,
    },
    150_000,
  );
  const rawBroker = rawSampler.end();
  await raw.stop();

  // 2. The hub, set up through its real paths.
  const { hub, dataDir } = await startHub(
    pg.url,
    BATCH_ROWS ? { env: { INGEST_BATCH_ROWS: BATCH_ROWS } } : {},
  );
  cleanups.push(async () => {
    await hub.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  if (LOCAL_BROADCAST) bypassClusterBroadcast(hub);
  const api = await logIn(hub);
  await api.call("/api/v1/sites", { id: SITE, name: "Benchmark cafe" });
  await api.call("/api/v1/sites", { id: FLEET_SITE, name: "Benchmark fleet" });
  const enrolStart = performance.now();
  const creds = await enrolDevices(api, SITE, DEVICES);
  const enrolMsPerDevice = (performance.now() - enrolStart) / DEVICES;
  const fleet = await insertDevices(hub, FLEET_SITE, MANY.count);
  await installCommitTrigger(pg);
  const target = seatTarget(hub, api, pg.url, { site: SITE, camera: CAMERA, devices: creds });
  await load.call({ cmd: "attach", target }, 120_000);
  log(
    `hub ready: ${DEVICES} devices enrolled (${enrolMsPerDevice.toFixed(0)} ms each) and connected, dashboard joined`,
  );

  // 3. 1,000 connected devices, before any load has grown the heap.
  const rssBeforeMb = rssMb();
  // Sampled apart: while logins are verified, up to four scrypt runs hold 32 MB each.
  const connectSampler = new ProcessSampler();
  connectSampler.begin();
  const connect = await load.call<ManyResult>(
    { cmd: "connectMany", mqttUrl: target.mqttUrl, site: FLEET_SITE, devices: fleet, concurrency: 50 },
    180_000,
  );
  const connectHub = connectSampler.end();
  const holdSampler = new ProcessSampler();
  holdSampler.begin();
  const hold = await load.call<ManyResult>(
    { cmd: "holdMany", heartbeatMs: MANY.heartbeatMs, holdMs: MANY.holdMs },
    60_000,
  );
  const holdHub = holdSampler.end();
  await load.call({ cmd: "disconnectMany" }, 60_000);
  log(
    `1,000 devices: ${connect.connected} connected in ${(connect.connectMs / 1000).toFixed(1)} s, RSS ${holdHub.rssMaxMb.toFixed(0)} MB`,
  );

  // 4. Fixed-rate steps (after an unreported warm-up), then as fast as the hub acknowledges.
  const warmUp = await load.call<PhaseResult>(
    { cmd: "fixedRate", label: "warm-up", rate: 500, durationMs: 3_000 },
    90_000,
  );
  const steps: Measured["steps"] = [];
  for (const rate of STEPS) {
    const phase = await hubPhase(
      hub,
      pg,
      load,
      { cmd: "fixedRate", label: `${rate}/s`, rate, durationMs: STEP_MS },
      120_000,
    );
    steps.push({ ...phase, rate });
  }
  const max = await hubPhase(
    hub,
    pg,
    load,
    { cmd: "maxRate", label: "max", window: WINDOW, durationMs: MAX_MS, maxMessages: MAX_MESSAGES },
    240_000,
  );

  // 5. Seed-000: MQTT over WebSocket, attention changes, round trips to PUBACK and to the dashboard.
  const seed = await hubPhase(hub, pg, load, { cmd: "seed", ...SEED }, 120_000);

  await hub.parts.ingest.flush();
  const seatSent = warmUp.sent + steps.reduce((n, s) => n + s.load.sent, 0) + max.load.sent;
  const stats = hub.parts.ingest.stats();
  const rejected = Object.values(stats.rejected).reduce((a, b) => a + (b ?? 0), 0);
  log(
    `ingest stats: ${JSON.stringify(stats)}; run took ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  return {
    devices: DEVICES,
    enrolMsPerDevice,
    raw: rawResult,
    rawBroker,
    steps,
    max,
    seed: { ...seed, ...SEED },
    many: { rssBeforeMb, connect, hold, connectHub, holdHub },
    seat: { sent: seatSent, stored: await storedSeatEvents(pg, SITE) },
    attention: { sent: seed.load.sent, stored: await storedAttentionEvents(pg, SITE) },
    rejected,
  };
}

await runBench(RUN_LIMIT_MS, log, run, (measured) => {
  const rows = benchRows(measured);
  if (DIAGNOSTIC) for (const r of rows) console.log(`${r.name}: ${r.value} ${r.unit}`);
  else reportBench("hub ingest", rows, howMeasured({ devices: DEVICES, window: WINDOW, maxMs: MAX_MS }));
});
