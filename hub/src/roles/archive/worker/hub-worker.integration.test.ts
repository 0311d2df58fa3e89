import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AnalysisJob } from "@sitewatch/shared-protocol";
import { eventually } from "@sitewatch/testkit";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MODEL,
  spawnHubWorker,
  startWorkerRig,
  type WorkerRig,
  workerEnv,
} from "./worker-rig.test-support.js";

// `hub worker` as a separate process against a whole hub on PostgreSQL: it claims the hub's VLM jobs,
// fetches each segment through the hub's playback API (which brings it from the device), asks the
// loopback Ollama and reports; its status changes reach a dashboard through the hub's relay.
let rig: WorkerRig;
let scratch: string;

const answer = {
  summary: "People walk across a plaza.",
  safetyScore: 80,
  personsPerImage: [4, 6, 5],
  incidents: [{ image: 2, kind: "crowding", severity: "warning", description: "a group blocks a path" }],
};

const jobOf = (segment: string, provider = "vlm") =>
  rig.seen.filter((j) => j.segment === segment && j.provider === provider);
const statusesOf = (segment: string) => jobOf(segment).map((j) => j.status);
const last = (segment: string) => jobOf(segment).at(-1) as AnalysisJob;
// The worker's temporary video files (tsx keeps its own cache in the same TMPDIR).
const leftovers = () => readdirSync(scratch).filter((f) => f.startsWith("sitewatch-hub-worker-"));

beforeAll(async () => {
  rig = await startWorkerRig();
  scratch = mkdtempSync(join(tmpdir(), "hub-worker-tmp-"));
}, 120_000);

afterAll(async () => {
  await rig?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("hub worker", () => {
  it("gets the vlm job of a new segment at the hub, while builtin stays on the device", async () => {
    await rig.announce("seg-ok");
    await eventually(
      "both jobs registered",
      () => rig.seen.filter((j) => j.segment === "seg-ok").length === 2,
    );
    expect(jobOf("seg-ok", "vlm")[0]).toMatchObject({ place: "hub", status: "pending" });
    expect(jobOf("seg-ok", "builtin")[0]).toMatchObject({ place: "device", status: "pending" });
  });

  it("analyses the segment fetched through the hub and completes; the dashboard sees it live", {
    timeout: 90_000,
  }, async () => {
    rig.ollama.reply = JSON.stringify(answer);
    const worker = spawnHubWorker(
      ["--concurrency", "2", "--lease-seconds", "15"],
      workerEnv(rig, { TMPDIR: scratch }),
    );
    try {
      await eventually(
        "the worker to complete the job",
        () => last("seg-ok")?.status === "completed",
        60_000,
      );
      // Both changes were made by the worker process: only the relay brings them to the dashboard.
      expect(statusesOf("seg-ok")).toEqual(["pending", "processing", "completed"]);
      const done = last("seg-ok");
      expect(done.workerId).toMatch(/^hub-worker@.+:\d+$/);
      expect(done.result).toMatchObject({
        provider: "vlm",
        model: MODEL,
        summary: answer.summary,
        safetyScore: 80,
      });
      // 79.5 s with a keyframe every 2 s, one picture per 30 s: 0, 30 and 60 s.
      expect(done.result?.personCounts).toEqual([
        { offsetMs: 0, count: 4 },
        { offsetMs: 30_000, count: 6 },
        { offsetMs: 60_000, count: 5 },
      ]);
      expect(done.result?.incidents).toEqual([
        { offsetMs: 30_000, kind: "crowding", severity: "warning", description: "a group blocks a path" },
      ]);
      expect(done).toMatchObject({ safetyScore: 80, incidentCount: 1, attempts: 1, error: null });
      expect(rig.uploads).toEqual(["seg-ok"]);
      const [chat] = rig.ollama.chats;
      expect(chat?.body).toMatchObject({ model: MODEL, stream: false, options: { temperature: 0 } });
      const user = chat?.body.messages.find((m: { role: string }) => m.role === "user");
      expect(user.content).toBe("3 images: image 1 at 0 s, image 2 at 30 s, image 3 at 60 s.");
      const picture = await sharp(Buffer.from(user.images[0], "base64")).metadata();
      expect(picture).toMatchObject({ format: "jpeg", width: 672 });
      // The device's job is not the hub's.
      expect(jobOf("seg-ok", "builtin").map((j) => j.status)).toEqual(["pending"]);
      expect(leftovers()).toEqual([]);
    } finally {
      worker.child.kill("SIGTERM");
    }
    expect(await worker.exited).toBe(0);
    expect(worker.logs().map((l) => l.msg)).toEqual(
      expect.arrayContaining(["hub worker started", "analysis job completed", "hub worker stopping"]),
    );
  });

  it("shows the model its malformed answer once, then fails the job with the reason", {
    timeout: 90_000,
  }, async () => {
    rig.ollama.reply = "Sure! Here is what I see: a plaza.";
    await rig.announce("seg-bad");
    await eventually("the job registered", () => statusesOf("seg-bad").includes("pending"));
    const chatsBefore = rig.ollama.chats.length;
    const worker = spawnHubWorker(["--once"], workerEnv(rig, { TMPDIR: scratch }));
    expect(await worker.exited).toBe(0);
    await eventually("the failure to reach the dashboard", () => last("seg-bad")?.status === "failed");
    expect(statusesOf("seg-bad")).toEqual(["pending", "processing", "failed"]);
    // Not retryable: the same pictures at temperature 0 would get the same answer.
    expect(last("seg-bad")).toMatchObject({ attempts: 1, result: null });
    expect(last("seg-bad").error).toMatch(
      /^model output did not match the schema: not JSON \(.+\) \(2 attempts\)$/,
    );
    const chats = rig.ollama.chats.slice(chatsBefore);
    expect(chats).toHaveLength(2);
    expect(chats[1]?.body.messages.slice(-2)).toEqual([
      { role: "assistant", content: "Sure! Here is what I see: a plaza." },
      { role: "user", content: expect.stringMatching(/^That answer is invalid \(not JSON/) },
    ]);
    expect(leftovers()).toEqual([]);
  });

  it("exits with 3 after --once when no job waits", { timeout: 30_000 }, async () => {
    const worker = spawnHubWorker(["--once"], workerEnv(rig));
    expect(await worker.exited).toBe(3);
  });

  it("refuses to start, saying why: no token, PGlite, builtin at the hub", { timeout: 60_000 }, async () => {
    const noToken = spawnHubWorker([], workerEnv(rig, { HUB_WORKER_TOKEN: undefined }));
    expect(await noToken.exited).toBe(1);
    expect(noToken.stderr()).toContain("HUB_WORKER_TOKEN is not set");
    expect(noToken.stderr()).toContain("POST /api/v1/tokens");
    expect(noToken.stderr()).not.toContain("    at ");

    const pglite = spawnHubWorker([], workerEnv(rig, { DATABASE_URL: undefined }));
    expect(await pglite.exited).toBe(1);
    expect(pglite.stderr()).toContain("hub worker needs PostgreSQL (DATABASE_URL)");
    expect(pglite.stderr()).toContain("PGlite is one process's database");

    const builtin = spawnHubWorker([], workerEnv(rig, { ANALYSIS_HUB_PROVIDERS: "builtin,vlm" }));
    expect(await builtin.exited).toBe(1);
    expect(builtin.stderr()).toMatch(
      /ANALYSIS_HUB_PROVIDERS: builtin cannot run at the hub: .*person detector/,
    );

    const wrongToken = spawnHubWorker([], workerEnv(rig, { HUB_WORKER_TOKEN: "swt_not-a-token" }));
    expect(await wrongToken.exited).toBe(1);
    expect(wrongToken.stderr()).toContain(`the hub at ${rig.url} refused HUB_WORKER_TOKEN (401)`);
  });
});
