import { setTimeout as sleep } from "node:timers/promises";
import type { CapturedFrame } from "../src/capture/frame-source.js";
import type { SeatSpec } from "../src/roles/seats/seat-analyzer.js";
import { BenchCamera, type FrameRecord, type TimedDetector } from "./pipeline-camera.js";
import { type Cycle, cycles, mean, quantile, type ResourceMonitor } from "./pipeline-metrics.js";

export interface PhaseOptions {
  url: string;
  cameras: number;
  intervalMs: number;
  warmupMs: number;
  measureMs: number;
  detector: TimedDetector;
  monitor: ResourceMonitor;
  log: (line: string) => void;
}

export interface PhaseResult {
  intervalMs: number;
  windowS: number;
  analysed: number;
  detectorRuns: number;
  sampled: number;
  dropped: number;
  seatChanges: number;
  /** How much further behind the live stream the slowest camera fell during the window, ms. */
  lagGrowthMs: number;
  errors: number;
  /** Cycles inside the window (the two cut by its edges left out). */
  cycles: Cycle[];
  cpuPercent: number;
  othersPercent: number;
  cpuMsPerFrame: number;
  peakRssMb: number;
  decodeMs: number;
  inferenceMs: { median: number; p95: number; mean: number };
  waitMs: { median: number; p95: number };
  analyseMs: { median: number; mean: number };
  latencyMs: { median: number; p95: number };
  /** A real decoded camera frame, for the pure-inference reference. */
  sample: CapturedFrame | undefined;
}

const rect = (x: number, y: number, w: number, h: number): SeatSpec["polygon"] => [
  [x, y],
  [x + w, y],
  [x + w, y + h],
  [x, y + h],
];

/**
 * Four seats per camera. Even cameras watch the walkway of the test clip, where people keep moving, so the
 * motion gate lets most frames through; odd cameras watch the lawn, which is static, so it skips all but the
 * forced re-checks. A building with busy and quiet rooms, roughly.
 */
export function seatsFor(index: number): SeatSpec[] {
  const shift = (index % 4) * 0.05;
  const busy = index % 2 === 0;
  const y = busy ? 0.3 : 0.72;
  return [0, 1, 2, 3].map((n) => ({
    seat: `c${index}-s${n}`,
    polygon: rect(0.04 + shift + n * 0.22, y, 0.16, busy ? 0.3 : 0.22),
  }));
}

/**
 * Wall time minus stream time between a camera's first and last frame: a pipeline that reads a live stream
 * slower than it arrives falls behind without dropping anything, and only this shows it.
 */
function lagGrowth(records: readonly FrameRecord[]): number {
  const first = records[0];
  const last = records.at(-1);
  if (!first || !last) return 0;
  return last.capturedAt - first.capturedAt - (last.streamTime - first.streamTime) * 1000;
}

/** 16 (or `cameras`) pipelines at one interval: connect, warm up, measure a steady window, stop. */
export async function runPhase(o: PhaseOptions): Promise<PhaseResult> {
  const cams = Array.from(
    { length: o.cameras },
    (_, i) => new BenchCamera(`cam${i}`, o.url, o.intervalMs, seatsFor(i), o.detector),
  );
  for (const cam of cams) cam.start();
  const connectBy = Date.now() + 40_000;
  while (cams.some((c) => c.records.length === 0)) {
    if (Date.now() > connectBy) {
      const silent = cams.filter((c) => c.records.length === 0).map((c) => `${c.id} ${c.stats.state}`);
      await Promise.all(cams.map((c) => c.stop()));
      throw new Error(`cameras without frames after 40 s: ${silent.join(", ")}`);
    }
    await sleep(200);
  }
  o.log(`${o.intervalMs} ms: all ${o.cameras} cameras streaming; warming up ${o.warmupMs / 1000} s`);
  await sleep(o.warmupMs);

  const before = cams.map((c) => c.stats);
  o.monitor.reset();
  const t0 = Date.now();
  await sleep(o.measureMs);
  const t1 = Date.now();
  const cpuMs = o.monitor.cpuMs();
  const cpuPercent = o.monitor.cpuPercent();
  const othersPercent = o.monitor.othersPercent();
  const peakRssMb = o.monitor.peakRssMb();
  const after = cams.map((c) => c.stats);
  const decodeMs = mean(after.map((s) => s.decodeMs));
  await Promise.all(cams.map((c) => c.stop()));

  // Throughput counts analyses finished inside the window; cycles cut by its edges are dropped below.
  const perCamera = cams.map((c) => c.records.filter((r) => r.doneAt >= t0 && r.doneAt < t1));
  const records = perCamera.flat();
  const delta = (key: "droppedFrames" | "framesSampled") =>
    after.reduce((sum, s, i) => sum + s[key] - (before[i]?.[key] ?? 0), 0);
  // The first and last groups are cut by the window's edges; they say nothing about a cycle's length.
  const inner = cycles(records, o.intervalMs).slice(1, -1);
  const inferred = records.filter((r) => r.ranDetector);
  const inference = inferred.map((r) => r.inferenceMs);
  const latency = records.map((r) => r.doneAt - r.capturedAt);
  return {
    intervalMs: o.intervalMs,
    windowS: (t1 - t0) / 1000,
    analysed: records.length,
    detectorRuns: inferred.length,
    sampled: delta("framesSampled"),
    dropped: delta("droppedFrames"),
    seatChanges: cams.reduce((sum, c) => sum + c.changes, 0),
    lagGrowthMs: Math.max(0, ...perCamera.map(lagGrowth)),
    errors: cams.reduce((sum, c) => sum + c.errors.length, 0),
    cycles: inner,
    cpuPercent,
    othersPercent,
    cpuMsPerFrame: cpuMs / Math.max(1, records.length),
    peakRssMb,
    decodeMs,
    inferenceMs: { median: quantile(inference, 0.5), p95: quantile(inference, 0.95), mean: mean(inference) },
    waitMs: {
      median: quantile(
        inferred.map((r) => r.waitMs),
        0.5,
      ),
      p95: quantile(
        inferred.map((r) => r.waitMs),
        0.95,
      ),
    },
    analyseMs: {
      median: quantile(
        records.map((r) => r.analyseMs),
        0.5,
      ),
      mean: mean(records.map((r) => r.analyseMs)),
    },
    latencyMs: { median: quantile(latency, 0.5), p95: quantile(latency, 0.95) },
    sample: cams[0]?.firstFrame,
  };
}
