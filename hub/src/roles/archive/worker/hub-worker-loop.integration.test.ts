import type { AnalysisJob } from "@sitewatch/shared-protocol";
import { eventually } from "@sitewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../observability/logger.js";
import { JobQueue } from "../jobs/job-queue.js";
import { PollingWakeups } from "../jobs/job-wakeups.js";
import { newJob, type QueueDatabase, queueDatabase, result } from "../jobs/queue.test-support.js";
import { type HubProvider, HubWorker, JobFailure, type VideoSource } from "./hub-worker.js";

// The worker's loop on a real queue (PGlite, one process): what it reports for each way a job ends.
let qdb: QueueDatabase;
let queue: JobQueue;
const released: string[] = [];
const running: string[] = [];

/** Hands out a fake path per job and records when the job let go of it. */
const video: VideoSource = {
  async fetch(job) {
    return { path: `/videos/${job.segment}.mp4`, release: async () => void released.push(job.segment) };
  },
};

/** A provider whose behaviour each test sets; by default it works until its job is aborted. */
let behaviour: (signal: AbortSignal) => Promise<ReturnType<typeof result>> = (signal) =>
  new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));
const provider: HubProvider = {
  name: "vlm",
  analyse: (path, signal) => {
    running.push(path);
    return behaviour(signal);
  },
};

const worker = (leaseSeconds = 1) =>
  new HubWorker({
    queue,
    providers: [provider],
    video,
    workerId: "hw-1",
    concurrency: 1,
    leaseSeconds,
    logger: createLogger("silent"),
  });
const register = async (segment: string) =>
  (await queue.register([newJob({ segment, provider: "vlm" })]))[0] as AnalysisJob;
const row = async (id: string) => (await queue.get(id)) as AnalysisJob;

beforeAll(async () => {
  qdb = await queueDatabase("pglite");
  queue = new JobQueue({ db: qdb.database.db, wakeups: new PollingWakeups(), pollMs: 50 });
});
afterAll(async () => {
  await qdb?.stop();
});

describe("hub worker loop", () => {
  it("completes a job, and retries a plain error but not a final one", async () => {
    behaviour = async () => result({ provider: "vlm" });
    const ok = await register("seg-ok");
    expect(await worker().runOnce()).toBe("completed");
    expect(await row(ok.id)).toMatchObject({ status: "completed", workerId: "hw-1", incidentCount: 1 });

    behaviour = async () => {
      throw new Error("Ollama hiccup");
    };
    const flaky = await register("seg-flaky");
    expect(await worker().runOnce()).toBe("failed");
    expect(await row(flaky.id)).toMatchObject({ status: "pending", attempts: 1, error: "Ollama hiccup" });

    behaviour = async () => {
      throw new JobFailure("segment gone", false);
    };
    const gone = await register("seg-gone");
    expect(await worker().runOnce()).toBe("failed");
    expect(await row(gone.id)).toMatchObject({ status: "failed", attempts: 1, error: "segment gone" });
    expect(released).toEqual(["seg-ok", "seg-flaky", "seg-gone"]);
    await queue.cancel(flaky.id);
  });

  it("abandons a job whose lease is lost (an admin cancelled it) at the next heartbeat", async () => {
    behaviour = (signal) =>
      new Promise((_, reject) =>
        signal.addEventListener("abort", () => reject(signal.reason), { once: true }),
      );
    const job = await register("seg-cancel");
    const run = worker(1).runOnce();
    await eventually("the job to start", () => running.includes("/videos/seg-cancel.mp4"));
    expect((await queue.cancel(job.id)).ok).toBe(true);
    const started = Date.now();
    expect(await run).toBe("lost");
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await row(job.id)).toMatchObject({ status: "cancelled", error: null });
    expect(released).toContain("seg-cancel");
  });

  it("on stop lets a job finish within the grace time, else releases it for another worker", async () => {
    let finish: (() => void) | undefined;
    behaviour = () => new Promise((resolve) => (finish = () => resolve(result({ provider: "vlm" }))));
    const quick = await register("seg-quick");
    const w = worker(30);
    w.start();
    await eventually("the job to start", () => finish !== undefined);
    const stopping = w.stop(5_000);
    setTimeout(() => finish?.(), 100);
    await stopping;
    expect(await row(quick.id)).toMatchObject({ status: "completed" });

    behaviour = (signal) =>
      new Promise((_, reject) =>
        signal.addEventListener("abort", () => reject(signal.reason), { once: true }),
      );
    const slow = await register("seg-slow");
    const w2 = worker(30);
    w2.start();
    await eventually("the job to start", () => running.includes("/videos/seg-slow.mp4"));
    await w2.stop(200);
    expect(await row(slow.id)).toMatchObject({
      status: "pending",
      attempts: 1,
      workerId: null,
      error: "the hub worker is stopping",
    });
    expect(released).toContain("seg-slow");
  });
});
