import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type RealPostgres, startPostgres } from "@sitewatch/testkit";
import { type BenchRow, reportBench } from "@sitewatch/testkit/bench";
import { JobLoad, type JobLoadResult } from "./archive-job-load.js";
import { LoadProcess, type PhaseResult } from "./bench-protocol.js";
import { installCommitTrigger } from "./db-probe.js";
import { type Cleanups, enrolDevices, logIn, runBench, seatTarget, startHub } from "./hub-harness.js";

// Issue 16's last benchmark: does running analysis jobs cost the hub's live traffic anything? Devices
// publish 200 seat changes/s that a dashboard receives, first alone, then while archive devices
// register segments and their workers claim, heartbeat and complete jobs through the hub's REST API
// (as edge agents' workers do), and again alone. `--quick` shortens every phase and only prints.
const QUICK = process.argv.includes("--quick");
const scale = (ms: number) => (QUICK ? Math.round(ms / 6) : ms);
const SITE = "bench-archive";
const CAMERA = "cam-1";
const SEAT_RATE = 200;
const SEAT_DEVICES = 10;
const ARCHIVE_DEVICES = 4;
const WORKERS_PER_DEVICE = 2;
// Heavy: 20 closed segments/s ≈ 12,000 cameras recording 10-minute segments; light: 1/s ≈ 600 cameras.
const HEAVY_RATE = 20;
const LIGHT_RATE = 1;
const WORK_MS = 200;
const RUN_MS = scale(30_000);
const log = (line: string) => console.error(`[archive-load] ${line}`);

interface Measured {
  before: PhaseResult;
  light: PhaseResult;
  heavy: PhaseResult;
  after: PhaseResult;
  lightJobs: JobLoadResult;
  heavyJobs: JobLoadResult;
}

async function run(cleanups: Cleanups): Promise<Measured> {
  const pgAny = await startPostgres({ database: "sitewatch_archive_load_bench" });
  cleanups.push(() => pgAny.stop());
  if (pgAny.kind !== "postgres") throw new Error("this benchmark needs a real PostgreSQL server");
  const pg: RealPostgres = pgAny;
  const { hub, dataDir } = await startHub(pg.url);
  cleanups.push(async () => {
    await hub.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const api = await logIn(hub);
  await api.call("/api/v1/sites", { id: SITE, name: "Benchmark archive site" });
  const creds = await enrolDevices(api, SITE, SEAT_DEVICES + ARCHIVE_DEVICES);
  const seatDevices = creds.slice(0, SEAT_DEVICES);
  const archiveDevices = creds.slice(SEAT_DEVICES);
  await installCommitTrigger(pg);
  const seats = new LoadProcess(fileURLToPath(new URL("./load-generator.ts", import.meta.url)));
  cleanups.push(() => seats.stop());
  const jobs = new JobLoad();
  cleanups.push(async () => jobs.stop());
  const target = seatTarget(hub, api, pg.url, { site: SITE, camera: CAMERA, devices: seatDevices });
  await seats.call({ cmd: "attach", target }, 120_000);
  const seatPhase = (label: string) =>
    seats.call<PhaseResult>(
      { cmd: "fixedRate", label, rate: SEAT_RATE, durationMs: RUN_MS },
      RUN_MS + 90_000,
    );
  const jobRun = (durationMs: number, segmentRate = HEAVY_RATE) =>
    jobs.run({
      httpUrl: api.base,
      mqttUrl: target.mqttUrl,
      site: SITE,
      camera: CAMERA,
      devices: archiveDevices,
      segmentRate,
      workers: WORKERS_PER_DEVICE,
      workMs: WORK_MS,
      durationMs,
    });

  // Warm-up of both paths, then seats alone, with the light and the heavy job load, alone again (drift).
  await Promise.all([
    seats.call({ cmd: "fixedRate", label: "warm-up", rate: SEAT_RATE, durationMs: 3_000 }, 90_000),
    jobRun(3_000),
  ]);
  const before = await seatPhase("seats alone");
  const [light, lightJobs] = await Promise.all([seatPhase("seats, light jobs"), jobRun(RUN_MS, LIGHT_RATE)]);
  const [heavy, heavyJobs] = await Promise.all([seatPhase("seats, heavy jobs"), jobRun(RUN_MS)]);
  const after = await seatPhase("seats alone again");
  log(`jobs: light ${JSON.stringify(lightJobs)}, heavy ${JSON.stringify(heavyJobs)}`);
  return { before, light, heavy, after, lightJobs, heavyJobs };
}

function rows(m: Measured): BenchRow[] {
  const ms = (name: string, value: number, target?: string) => ({ name, value, unit: "ms", target });
  const phase = (label: string, p: PhaseResult, target?: string) => [
    ms(`seat change → stored (commit) p99, ${label}`, p.commit.p99, target),
    ms(`seat change → dashboard p99, ${label}`, p.dashboard.p99, target),
  ];
  const load = (label: string, jobs: JobLoadResult) => {
    const perSecond = (n: number) => Math.round((n / jobs.seconds) * 10) / 10;
    return [
      { name: `segments registered, ${label}`, value: perSecond(jobs.segmentsPublished), unit: "jobs/s" },
      { name: `jobs completed, ${label}`, value: perSecond(jobs.jobsCompleted), unit: "jobs/s" },
      ms(`worker REST round trip p99 (claim, heartbeat, complete), ${label}`, jobs.request.p99),
      { name: `worker request errors, ${label}`, value: jobs.errors, unit: "requests", target: "0" },
    ];
  };
  return [
    ...phase("alone", m.before),
    ...phase(`with light jobs (${LIGHT_RATE} segment/s)`, m.light, "within noise"),
    ...phase(`with heavy jobs (${HEAVY_RATE} segments/s)`, m.heavy),
    ...phase("alone again", m.after),
    ...load("light", m.lightJobs),
    ...load("heavy", m.heavyJobs),
  ];
}

await runBench(10 * 60_000, log, run, (measured) => {
  const table = rows(measured);
  if (QUICK) for (const r of table) console.log(`${r.name}: ${r.value} ${r.unit}`);
  else
    reportBench(
      "archive jobs beside live traffic",
      table,
      `The real hub (PostgreSQL, embedded broker) on 127.0.0.1. ${SEAT_DEVICES} devices publish ${SEAT_RATE} seat ` +
        `changes/s to a dashboard for ${RUN_MS / 1000} s, four times: alone; while ${ARCHIVE_DEVICES} archive devices ` +
        `publish ${LIGHT_RATE} closed segment/s (≈ 600 cameras recording 10-minute segments; a job each) and run ` +
        `${WORKERS_PER_DEVICE} workers each through the hub's REST API with their own credentials (claim, heartbeat, ` +
        `${WORK_MS} ms of work, complete); the same at ${HEAVY_RATE} segments/s (≈ 12,000 cameras); alone again. ` +
        `Both loads run in processes of their own.`,
    );
});
