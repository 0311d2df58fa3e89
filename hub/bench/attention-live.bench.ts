import { fork } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { type RealPostgres, startPostgres } from "@sitewatch/testkit";
import { type BenchRow, reportBench } from "@sitewatch/testkit/bench";
import { Server } from "socket.io";
import { createUser } from "../src/auth/users.js";
import { attentionEvents, sites } from "../src/db/schema/index.js";
import type { Hub } from "../src/hub.js";
import type { LearnersJob, LearnersResult } from "./focus-learners.js";
import { startHub } from "./hub-harness.js";
import { ProcessSampler } from "./process-sampler.js";

// seeds/000 through the attention path: 50 simulated learners × 30 face samples/s for 30 s over real
// socket.io-client connections (a forked process) to a real hub on 127.0.0.1 (PostgreSQL), each
// sample run through the session's attention machine and answered with focus:state; one manager's
// dashboard in the site receives the sessions' state changes. `--quick` runs 5 s and only prints.
const QUICK = process.argv.includes("--quick");
const LEARNERS = 50;
const RATE = 30;
const DURATION_MS = QUICK ? 5_000 : 30_000;
// Throughput: the same learners as fast as this machine answers them, for comparison with the Redis
// pipeline's figure (the per-session rate bound, 40/s by default, is raised for this hub).
const MAX_RATE = 120;
const MAX_MS = QUICK ? 3_000 : 10_000;
const SITE = "focus-bench";
const REDIS_REFERENCE = 3_564;
const log = (line: string) => console.error(`[bench] ${line}`);

/** Users made directly (one scrypt hash each), tokens signed by the hub as a login would. */
async function people(hub: Hub): Promise<{ learners: string[]; manager: string }> {
  const { db } = hub.parts.database;
  await db.insert(sites).values({ id: SITE, name: "Focus benchmark" });
  const token = async (name: string) => {
    const u = await createUser(db, {
      email: `${name}@bench.test`,
      password: "bench-password-0123",
      role: "site_manager",
      sites: [SITE],
    });
    return hub.parts.auth.signAccessToken(u.id, "site_manager");
  };
  const learners: string[] = [];
  for (let i = 0; i < LEARNERS; i++) learners.push(await token(`learner-${i}`));
  return { learners, manager: await token("manager") };
}

function runLearners(job: LearnersJob): Promise<LearnersResult> {
  const child = fork(fileURLToPath(new URL("./focus-learners.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx"],
    stdio: "inherit",
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), job.durationMs + 120_000);
    child.once("message", (m: { ok: boolean; result?: LearnersResult; error?: string }) => {
      clearTimeout(timer);
      if (m.ok && m.result) resolve(m.result);
      else reject(new Error(`learners: ${m.error}`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`learners exited (${code})`));
    });
    child.send(job);
  });
}

/**
 * The floor under the hub's figure: a bare Socket.IO server (the hub's options) in this process that
 * answers every sample at once with a focus:state of the same size, measured by the same clients.
 */
async function echoBaseline(job: Omit<LearnersJob, "mode" | "url">): Promise<LearnersResult> {
  const http = createServer();
  const io = new Server(http, { serveClient: false, perMessageDeflate: false });
  io.on("connection", (socket) => {
    socket.on("focus:sample", (m: { session: string; seq: number; at: number }) => {
      socket.emit("focus:state", {
        session: m.session,
        seq: m.seq,
        state: "focused",
        since: m.at,
        blinks: 0,
        calibrated: true,
        at: m.at,
      });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = http.address() as AddressInfo;
    return await runLearners({ ...job, mode: "echo", url: `http://127.0.0.1:${port}` });
  } finally {
    await io.close();
  }
}

/** Mean of a prom-client histogram, read in-process. */
async function histogramMeanMs(hub: Hub): Promise<number> {
  const { values } = await hub.parts.roles.attention.focus.metrics.answerSeconds.get();
  const pick = (suffix: string) => values.find((v) => v.metricName?.endsWith(suffix))?.value ?? 0;
  return (pick("_sum") / Math.max(1, pick("_count"))) * 1000;
}

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

function rows(
  r: LearnersResult,
  echo: LearnersResult,
  max: LearnersResult,
  hubCpuPct: number,
  hubMeanMs: number,
  stored: number,
): BenchRow[] {
  const name = `seed-000 (${LEARNERS} learners × ${RATE} samples/s, Socket.IO)`;
  const bare = `bare Socket.IO echo, same clients`;
  return [
    { name: `${bare}: round trip, avg`, value: round(echo.answer.avg), unit: "ms" },
    { name: `${bare}: round trip, p95`, value: round(echo.answer.p95), unit: "ms" },
    {
      name: `${name}: sample → focus:state, avg`,
      value: round(r.answer.avg),
      unit: "ms",
      target: "< 2 ms (reference 9.31 ms)",
    },
    {
      name: `${name}: sample → focus:state, p95`,
      value: round(r.answer.p95),
      unit: "ms",
      target: "< 5 ms (reference 11.13 ms)",
    },
    { name: `${name}: sample → focus:state, p99`, value: round(r.answer.p99), unit: "ms" },
    { name: `${name}: hub's share (sample in → answer out), avg`, value: round(hubMeanMs, 3), unit: "ms" },
    { name: `${name}: sample → dashboard focus:session, avg`, value: round(r.push.avg), unit: "ms" },
    { name: `${name}: sample → dashboard focus:session, p95`, value: round(r.push.p95), unit: "ms" },
    { name: `${name}: state changes pushed`, value: r.changes, unit: "changes" },
    {
      name: `${name}: samples answered per second, sustained`,
      value: Math.round(r.answered / r.seconds),
      unit: "samples/s",
      target: `reference ${REDIS_REFERENCE.toLocaleString("en-US")} msg/s (Redis pipeline)`,
    },
    {
      name: "check: samples answered ÷ sent",
      value: round((r.answered / r.sent) * 100, 3),
      unit: `% (${r.answered} of ${r.sent})`,
      target: "100 %",
    },
    {
      name: `${LEARNERS} learners × ${MAX_RATE} samples/s offered: answered per second`,
      value: Math.round(max.answered / max.seconds),
      unit: "samples/s",
      target: `≥ ${REDIS_REFERENCE.toLocaleString("en-US")} (Redis pipeline)`,
    },
    {
      name: `${LEARNERS} learners × ${MAX_RATE} samples/s offered: sample → focus:state, p95`,
      value: round(max.answer.p95),
      unit: "ms",
    },
    {
      name: `${LEARNERS} learners × ${MAX_RATE} samples/s offered: answered ÷ sent`,
      value: round((max.answered / max.sent) * 100, 3),
      unit: `% (${max.answered} of ${max.sent})`,
    },
    { name: "check: alerts received", value: r.alerts, unit: "alerts" },
    { name: "check: attention_events stored", value: stored, unit: "rows" },
    { name: `${name}: hub CPU (of one core)`, value: Math.round(hubCpuPct), unit: "%" },
    { name: `${name}: load process CPU (of one core)`, value: Math.round(r.loadCpuPct), unit: "%" },
  ];
}

async function main(): Promise<void> {
  const pgAny = await startPostgres({ database: "sitewatch_focus_bench" });
  const pg = pgAny.kind === "postgres" ? (pgAny as RealPostgres) : undefined;
  const { hub, dataDir } = await startHub(pg?.url, {
    roles: { attention: { focus: { samplesPerSecond: 2 * MAX_RATE, burst: 2 * MAX_RATE } } },
  });
  try {
    log(`hub on ${pg ? `PostgreSQL ${pg.version}` : "PGlite"}; creating ${LEARNERS} learners`);
    const tokens = await people(hub);
    const job = {
      site: SITE,
      learnerTokens: tokens.learners,
      managerToken: tokens.manager,
      rate: RATE,
      durationMs: DURATION_MS,
    };
    const echo = await echoBaseline(job);
    log(`bare Socket.IO echo: avg ${echo.answer.avg.toFixed(2)} ms, p95 ${echo.answer.p95.toFixed(2)} ms`);
    const sampler = new ProcessSampler();
    sampler.begin();
    const result = await runLearners({ ...job, mode: "hub", url: `http://127.0.0.1:${hub.ports().http}` });
    const hubSample = sampler.end();
    const max = await runLearners({
      ...job,
      rate: MAX_RATE,
      durationMs: MAX_MS,
      mode: "hub",
      url: `http://127.0.0.1:${hub.ports().http}`,
    });
    log(`${MAX_RATE}/s per learner: ${Math.round(max.answered / max.seconds)} answered/s`);
    await hub.parts.roles.attention.focus.flush();
    const stored = await hub.parts.database.db.$count(attentionEvents);
    const table = rows(result, echo, max, hubSample.cpuPct, await histogramMeanMs(hub), stored);
    if (QUICK) for (const r of table) console.log(`${r.name}: ${r.value} ${r.unit}`);
    else
      reportBench(
        "attention live sessions",
        table,
        `A real hub (${pg ? "PostgreSQL" : "PGlite"}, this process) and ${LEARNERS} simulated learners in a forked process, each a socket.io-client WebSocket sending ${RATE} face samples/s for ${DURATION_MS / 1000} s (3.5 s calibration, then every 5 s 1.5 s of closed eyes: a drowsy change, an alert and a change back), plus one manager's dashboard joined to the site. First the same clients run against a bare Socket.IO server that echoes each sample (the transport's floor on this machine). Latency is the learner's send → its focus:state answer, and the send of the sample that changed a state → the manager receiving focus:session, both on the load process's clock. Then the same learners offer ${MAX_RATE} samples/s each for ${MAX_MS / 1000} s (the hub's per-session bound raised) to see how many a second the hub and its clients on this machine keep answering. The reference is seeds/000 (Rust WebSocket server, K6, 50 users × 30 fps × 30 s; Redis pipeline 3,564 msg/s). \`npm run bench -w @sitewatch/hub\`.`,
      );
  } finally {
    await hub.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await pgAny.stop();
  }
}

main().catch((err: unknown) => {
  log(`FAILED: ${(err as Error).stack ?? String(err)}`);
  process.exitCode = 1;
});
