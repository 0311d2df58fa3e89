import type { BenchRow } from "@sitewatch/testkit/bench";
import { quantile } from "./pipeline-metrics.js";
import type { PhaseResult } from "./pipeline-phase.js";

/** The figures of one phase, with the targets next to them. */
export function phaseRows(
  p: PhaseResult,
  pure: { median: number; cpuMs: number },
  cameras: number,
): BenchRow[] {
  const label = `${p.intervalMs / 1000} s interval`;
  const wanted = (cameras * 1000) / p.intervalMs;
  const full = p.cycles.filter((c) => c.cameras === cameras).map((c) => c.durationMs);
  const all = p.cycles.map((c) => c.durationMs);
  const perCycle = quantile(
    p.cycles.map((c) => c.cameras),
    0.5,
  );
  const stageSum = p.decodeMs + p.inferenceMs.mean + p.analyseMs.mean;
  const cpuPerRun = (p.cpuMsPerFrame * p.analysed) / Math.max(1, p.detectorRuns);
  const rows: BenchRow[] = [
    {
      name: `${label}: analyses/s achieved`,
      value: p.analysed / p.windowS,
      unit: "/s",
      target: `${wanted.toFixed(2)}/s wanted`,
    },
    {
      name: `${label}: backlog (frames dropped by the pipelines)`,
      value: p.dropped,
      unit: `frames in ${p.windowS.toFixed(0)} s`,
      target: "0 (no backlog)",
    },
    {
      name: `${label}: fell further behind the live stream (slowest camera)`,
      value: p.lagGrowthMs,
      unit: `ms in ${p.windowS.toFixed(0)} s`,
      target: "≈ 0 (keeps up)",
    },
    { name: `${label}: frames sampled`, value: p.sampled, unit: `(${p.analysed} analysed in the window)` },
    {
      name: `${label}: analyses that ran the detector`,
      value: p.detectorRuns,
      unit: `of ${p.analysed} (motion gate skipped the rest)`,
    },
    {
      name: `${label}: cameras per cycle (sampled together) median`,
      value: perCycle,
      unit: `of ${cameras}, ${p.cycles.length} cycles`,
    },
    {
      name: `${label}: cycle, first capture → last analysis, median`,
      value: quantile(all, 0.5),
      unit: "ms",
      target: "< 1000 ms (issue), < 2000 ms (seeds/002)",
    },
    {
      name: `${label}: cycle, first capture → last analysis, p95`,
      value: quantile(all, 0.95),
      unit: "ms",
      target: "< 1000 ms",
    },
  ];
  if (full.length > 0) {
    rows.push({
      name: `${label}: seat changes / pipeline errors`,
      value: p.seatChanges,
      unit: `changes (whole phase), ${p.errors} errors`,
    });
    rows.push(
      {
        name: `${label}: full ${cameras}-camera cycle median`,
        value: quantile(full, 0.5),
        unit: `ms (${full.length} cycles with all ${cameras})`,
        target: "< 1000 ms (issue), < 2000 ms (seeds/002)",
      },
      {
        name: `${label}: full ${cameras}-camera cycle p95`,
        value: quantile(full, 0.95),
        unit: "ms",
        target: "< 1000 ms",
      },
    );
  }
  rows.push(
    {
      name: `${label}: capture spread within a cycle median`,
      value: quantile(
        p.cycles.map((c) => c.spreadMs),
        0.5,
      ),
      unit: "ms",
    },
    {
      name: `${label}: frame latency capture → analysed, median`,
      value: p.latencyMs.median,
      unit: `ms (p95 ${p.latencyMs.p95.toFixed(0)} ms)`,
    },
    { name: `${label}: process CPU`, value: p.cpuPercent, unit: "% of one core (200 % = both cores)" },
    {
      name: `${label}: CPU of everything else on the machine`,
      value: p.othersPercent,
      unit: "% of one core (RTSP server, feeder, other programs)",
    },
    { name: `${label}: RSS peak`, value: p.peakRssMb, unit: "MB", target: "< 500 MB" },
    {
      name: `${label}: decode + RGB per sampled frame (pipeline stats, wall)`,
      value: p.decodeMs,
      unit: "ms",
    },
    {
      name: `${label}: inference per detector run, median`,
      value: p.inferenceMs.median,
      unit: `ms (p95 ${p.inferenceMs.p95.toFixed(1)} ms)`,
    },
    {
      name: `${label}: wait for the shared detector, median`,
      value: p.waitMs.median,
      unit: `ms (p95 ${p.waitMs.p95.toFixed(0)} ms)`,
    },
    {
      name: `${label}: analyse (motion gate + seat analyser), median`,
      value: p.analyseMs.median,
      unit: `ms (mean ${p.analyseMs.mean.toFixed(2)} ms)`,
    },
    {
      name: `${label}: process CPU per analysed frame ÷ pure inference CPU`,
      value: p.cpuMsPerFrame / pure.cpuMs,
      unit: "×",
      target: "≤ 1.3×",
    },
    {
      name: `${label}: process CPU per detector run ÷ pure inference CPU`,
      value: cpuPerRun / pure.cpuMs,
      unit: "×",
      target: "≤ 1.3×",
    },
    {
      // The row above charges every sampled frame's capture to the frames the motion gate let through, so it
      // rises when the gate skips more (less work in total); this one is the same CPU without that lever.
      name: `${label}: process CPU besides inference per sampled frame ÷ pure inference CPU`,
      value:
        (p.cpuMsPerFrame * p.analysed - p.detectorRuns * pure.cpuMs) / Math.max(1, p.analysed) / pure.cpuMs,
      unit: "× (capture, gate, analyser; inference counted at its pure CPU)",
    },
    {
      name: `${label}: decode + inference + analyse wall ÷ pure inference`,
      value: stageSum / pure.median,
      unit: "× (wall times under 16-camera contention)",
    },
  );
  return rows;
}
