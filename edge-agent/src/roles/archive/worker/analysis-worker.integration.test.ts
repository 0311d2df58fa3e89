import "../../../polyfills.js";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestHub, type TestHub } from "@sitewatch/hub/testing";
import {
  type AnalysisJob,
  encodeMessage,
  PROTOCOL_VERSION,
  topicFor,
  uuidv7,
} from "@sitewatch/shared-protocol";
import { eventually, h264TestClip, OllamaStandIn } from "@sitewatch/testkit";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollWithHub } from "../../../agent-config/hub-client.js";
import { createDetector } from "../../../vision/detect/create-detector.js";
import type { Detector } from "../../../vision/detect/detector.js";
import type { AnalysisProvider } from "../analysis/analysis-provider.js";
import { BuiltinAnalysisProvider } from "../analysis/builtin-provider.js";
import { VlmAnalysisProvider } from "../analysis/vlm-provider.js";
import { segmentId } from "../recording/segment-names.js";
import { AnalysisWorker } from "./analysis-worker.js";
import { JobClient } from "./job-client.js";
import { segmentLocator } from "./segment-locator.js";

// The device's worker against a real hub: segments announced over MQTT become jobs, the worker claims
// them with the device's own credentials, analyses the local file and the hub stores the result.
const SITE = "archive-site";
const DEVICE = "edge-1";
const CAMERA = "cam-1";

let hub: TestHub;
let archive: string;
let creds: { username: string; password: string };
let detector: Detector;
let seq = 0;
const lines: string[] = [];

beforeAll(async () => {
  hub = await startTestHub({ site: SITE, env: { ANALYSIS_PROVIDERS: "builtin,vlm" } });
  const enrolled = await enrollWithHub(hub.url, { token: await hub.newToken(), deviceId: DEVICE });
  creds = enrolled.mqtt;
  archive = mkdtempSync(join(tmpdir(), "sitewatch-worker-"));
  mkdirSync(join(archive, CAMERA));
  detector = await createDetector({ model: "centernet", threads: 2 });
}, 180_000);

afterAll(async () => {
  await detector?.close();
  await hub?.close();
  if (archive) rmSync(archive, { recursive: true, force: true });
});

/** Announces a segment as the recorder would (the file is put in place only when `file` is given). */
async function announce(startedAt: number, file?: string): Promise<string> {
  const id = segmentId(startedAt);
  if (file) copyFileSync(file, join(archive, CAMERA, `${id}.mp4`));
  const device = await mqtt.connectAsync(hub.mqttUrl, {
    ...creds,
    clientId: creds.username,
    reconnectPeriod: 0,
  });
  const ts = Date.now();
  const body = encodeMessage("segmentReady", {
    v: PROTOCOL_VERSION,
    id: uuidv7(ts),
    seq: ++seq,
    ts,
    segment: id,
    uri: `device://${CAMERA}/${id}.mp4`,
    startedAt,
    durationMs: 60_000,
    bytes: 1_000_000,
    container: "mp4",
    codec: "h264",
  });
  await device.publishAsync(topicFor("segmentReady", { site: SITE, device: DEVICE, camera: CAMERA }), body, {
    qos: 1,
  });
  await device.endAsync();
  return id;
}

async function jobsOf(segment: string): Promise<AnalysisJob[]> {
  const res = await fetch(`${hub.url}/api/v1/sites/${SITE}/analysis-jobs?camera=${CAMERA}`, {
    headers: { authorization: `Bearer ${hub.token}` },
  });
  const { jobs } = (await res.json()) as { jobs: AnalysisJob[] };
  return jobs.filter((j) => j.segment === segment);
}

function worker(providers: readonly AnalysisProvider[], leaseSeconds = 60) {
  return new AnalysisWorker({
    client: new JobClient({ hubUrl: hub.url, ...creds }),
    providers,
    locate: segmentLocator(archive, { site: SITE, device: DEVICE }),
    workerId: `${creds.username}@test`,
    leaseSeconds,
    log: (line) => lines.push(line),
  });
}

describe("edge analysis worker", () => {
  it("claims its device's job, analyses the local segment and the hub stores the result", async () => {
    const segment = await announce(Date.UTC(2026, 11, 5, 9, 0, 0), h264TestClip());
    await eventually("the builtin job", async () => (await jobsOf(segment)).length === 2, 10_000);
    const w = worker([new BuiltinAnalysisProvider({ detector, settings: { sampleEverySeconds: 10 } })]);
    expect(await w.runOnce()).toBe("completed");
    const [job] = (await jobsOf(segment)).filter((j) => j.provider === "builtin");
    expect(job).toMatchObject({ status: "completed", attempts: 1, workerId: `${creds.username}@test` });
    expect(job?.result?.personCounts.length).toBeGreaterThan(3);
    expect(Math.max(...(job?.result?.personCounts.map((p) => p.count) ?? [0]))).toBeGreaterThan(0);
    expect(job?.safetyScore).toBe(job?.result?.safetyScore);
    // Only vlm jobs remain, and this worker has no vlm provider.
    expect(await w.runOnce()).toBe("idle");
  }, 120_000);

  it("fails a job for good when retention already deleted its segment", async () => {
    const segment = await announce(Date.UTC(2026, 11, 5, 9, 10, 0));
    await eventually("the jobs", async () => (await jobsOf(segment)).length === 2, 10_000);
    const w = worker([new BuiltinAnalysisProvider({ detector })]);
    expect(await w.runOnce()).toBe("failed");
    const [job] = (await jobsOf(segment)).filter((j) => j.provider === "builtin");
    expect(job?.status).toBe("failed");
    expect(job?.error).toMatch(/no longer on the device/);
  }, 60_000);

  it("stops a job an admin cancels while the model is still answering", async () => {
    const ollama = await new OllamaStandIn(["qwen2.5vl:3b"]).start();
    ollama.behaviour.delayMs = 20_000;
    try {
      const vlm = new VlmAnalysisProvider({ url: ollama.url, model: "qwen2.5vl:3b", timeoutMs: 60_000 });
      const w = worker([vlm], 6);
      const running = w.runOnce();
      await eventually("the model request", () => ollama.chats.length > 0, 30_000);
      const [job] = (await jobsOf(segmentId(Date.UTC(2026, 11, 5, 9, 0, 0)))).filter(
        (j) => j.provider === "vlm",
      );
      const res = await fetch(`${hub.url}/api/v1/analysis-jobs/${job?.id}/cancel`, {
        method: "POST",
        headers: { authorization: `Bearer ${hub.token}` },
      });
      expect(res.status).toBe(200);
      // The next heartbeat (every 2 s) learns the lease is gone and aborts the request to the model.
      expect(await running).toBe("lost");
      await eventually("the model request closed", () => ollama.chats[0]?.aborted === true, 5_000);
      expect(lines.some((l) => l.includes("lease lost"))).toBe(true);
    } finally {
      await ollama.stop();
    }
  }, 90_000);
});
