import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { encodeMessage, topicFor, uuidv7 } from "@sitewatch/shared-protocol";
import mqtt from "mqtt";
import type { DeviceCreds } from "./bench-protocol.js";
import { LatencyRecorder, type LatencySummary } from "./latency.js";

// The archive load of archive-load.bench.ts, in a process of its own so its clients do not run on the
// hub's event loop: archive devices publish a closed segment now and then (the hub registers a job per
// segment and provider) and run their workers the way edge agents do, through the hub's REST API with
// their own credentials: claim, heartbeat, a few hundred ms of "analysis", complete.

export interface JobLoadRun {
  httpUrl: string;
  mqttUrl: string;
  site: string;
  camera: string;
  devices: DeviceCreds[];
  /** Closed segments per second, over all devices. */
  segmentRate: number;
  /** Worker loops per device. */
  workers: number;
  workMs: number;
  durationMs: number;
}

export interface JobLoadResult {
  segmentsPublished: number;
  jobsCompleted: number;
  emptyClaims: number;
  errors: number;
  /** REST round trips of the workers: claim (a job or none), heartbeat, complete. */
  request: LatencySummary;
  seconds: number;
}

const RESULT = {
  provider: "builtin",
  summary: "benchmark: nothing of concern",
  personCounts: [{ offsetMs: 0, count: 1 }],
  zones: [],
  incidents: [],
  safetyScore: 100,
  sampledFrames: 1,
} as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function runLoad(run: JobLoadRun): Promise<JobLoadResult> {
  const request = new LatencyRecorder();
  const counts = { segmentsPublished: 0, jobsCompleted: 0, emptyClaims: 0, errors: 0 };
  const clients = await Promise.all(
    run.devices.map((d) =>
      mqtt.connectAsync(run.mqttUrl, { clientId: d.username, username: d.username, password: d.password }),
    ),
  );
  const started = performance.now();
  const until = started + run.durationMs;
  let seq = Date.now();
  const publisher = async () => {
    for (let i = 0; performance.now() < until; i++) {
      const index = i % run.devices.length;
      const d = run.devices[index] as DeviceCreds;
      const at = Date.now();
      const segment = `bench-${uuidv7()}`;
      const message = encodeMessage("segmentReady", {
        v: 1,
        id: uuidv7(),
        seq: seq++,
        ts: at,
        segment,
        uri: `device://${run.camera}/${segment}.mp4`,
        startedAt: at - 600_000,
        durationMs: 600_000,
        bytes: 150_000_000,
        container: "mp4",
        codec: "h264",
      });
      const topic = topicFor("segmentReady", { site: run.site, device: d.device, camera: run.camera });
      await clients[index]?.publishAsync(topic, message, { qos: 1 }).catch(() => {
        counts.errors += 1;
      });
      counts.segmentsPublished += 1;
      await sleep(1000 / run.segmentRate);
    }
  };
  const call = async (d: DeviceCreds, path: string, body: unknown) => {
    const t = performance.now();
    const res = await fetch(`${run.httpUrl}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Basic ${Buffer.from(`${d.username}:${d.password}`).toString("base64")}`,
      },
      body: JSON.stringify(body),
    });
    request.add(performance.now() - t);
    if (!res.ok) {
      counts.errors += 1;
      return undefined;
    }
    return (await res.json()) as { job: { id: string } | null };
  };
  const worker = async (d: DeviceCreds, workerId: string) => {
    while (performance.now() < until) {
      const claimed = await call(d, "/api/v1/analysis-jobs/claim", { workerId, providers: ["builtin"] });
      const job = claimed?.job;
      if (!job) {
        counts.emptyClaims += 1;
        await sleep(500); // as the agent's worker polls when it has nothing to do
        continue;
      }
      await call(d, `/api/v1/analysis-jobs/${job.id}/heartbeat`, { workerId });
      await sleep(run.workMs);
      if (await call(d, `/api/v1/analysis-jobs/${job.id}/complete`, { workerId, result: RESULT }))
        counts.jobsCompleted += 1;
    }
  };
  const workers = run.devices.flatMap((d) =>
    Array.from({ length: run.workers }, (_, i) => worker(d, `${d.device}-w${i}`)),
  );
  await Promise.all([publisher(), ...workers]);
  await Promise.all(clients.map((c) => c.endAsync()));
  return { ...counts, request: request.summary(), seconds: (performance.now() - started) / 1000 };
}

/** The hub process's handle on the archive load: one run at a time. */
export class JobLoad {
  private readonly child: ChildProcess = fork(fileURLToPath(import.meta.url), ["--child"], {
    execArgv: ["--import", "tsx"],
  });

  run(run: JobLoadRun): Promise<JobLoadResult> {
    return new Promise((resolve, reject) => {
      this.child.once("message", (m: { ok: boolean; value?: JobLoadResult; error?: string }) =>
        m.ok && m.value ? resolve(m.value) : reject(new Error(m.error)),
      );
      this.child.send(run);
    });
  }

  stop(): void {
    this.child.kill("SIGKILL");
  }
}

if (process.argv.includes("--child")) {
  process.on("message", (run: JobLoadRun) => {
    runLoad(run).then(
      (value) => process.send?.({ ok: true, value }),
      (error: Error) => process.send?.({ ok: false, error: error.stack ?? String(error) }),
    );
  });
}
