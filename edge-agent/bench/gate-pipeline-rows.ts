import type { BenchRow } from "@sitewatch/testkit/bench";
import type { LeaveResult } from "./gate-live-leave.js";
import type { PassageScore } from "./gate-passages.js";
import type { ShownFrame } from "./gate-tab.js";
import { quantile } from "./timing.js";

/** The gate pipeline section's table, from what the phases measured. */
export interface PhaseFigures {
  score: PassageScore;
  cpuPct: number;
  seconds: number;
  rssMb: number;
}

const DASHBOARD_TARGET = "< 2000 ms (issue 14)";
const pct = (n: number, of: number) => (of === 0 ? Number.NaN : (100 * n) / of);

function spread(name: string, values: readonly number[], target?: string): BenchRow[] {
  return [
    { name: `${name}, median`, value: quantile(values, 0.5), unit: "ms", target },
    { name: `${name}, p95`, value: quantile(values, 0.95), unit: "ms", target },
    { name: `${name}, max`, value: quantile(values, 1), unit: "ms", target },
  ];
}

/** The accuracy and latency of one phase; `label` says whether anyone watched live meanwhile. */
export function phaseRows(label: string, phase: PhaseFigures, full: boolean): BenchRow[] {
  const s = phase.score;
  const rows: BenchRow[] = [
    { name: `${label}: passages measured`, value: s.passages, unit: `passages (${s.containers} containers)` },
    {
      name: `${label}: gate entries produced`,
      value: s.entries,
      unit: `entries for ${s.containers} containers`,
      target: String(s.containers),
    },
    {
      name: `${label}: containers read right with a valid check digit`,
      value: pct(s.containersRead, s.containers),
      unit: `% (${s.containersRead} of ${s.containers})`,
      target: "100 %",
    },
    { name: `${label}: wrong codes reported valid`, value: s.wrongValid.length, unit: "codes", target: "0" },
    {
      name: `${label}: duplicate entries (beyond one per container)`,
      value: s.duplicates,
      unit: "entries",
      target: "0",
    },
  ];
  if (full) {
    rows.splice(3, 0, {
      name: `${label}: passages with every container read`,
      value: pct(s.passagesRead, s.passages),
      unit: `% (${s.passagesRead} of ${s.passages})`,
    });
    rows.push(
      {
        name: `${label}: entries from the empty lane between passages`,
        value: s.outside,
        unit: "entries",
        target: "0",
      },
      ...spread(`${label}: passage end → gateEntry sent by the agent`, s.toAgentMs),
      {
        name: `${label}: passage end → entry at a Node Socket.IO client, median`,
        value: quantile(s.toSocketMs, 0.5),
        unit: "ms",
      },
    );
  }
  rows.push(
    ...spread(`${label}: passage end → row visible in the dashboard's gate log`, s.toRowMs, DASHBOARD_TARGET),
  );
  if (s.rowsMissing > 0)
    rows.push({
      name: `${label}: entries never shown as a row`,
      value: s.rowsMissing,
      unit: "entries",
      target: "0",
    });
  rows.push(
    {
      name: `${label}: agent CPU`,
      value: phase.cpuPct,
      unit: `% of one core (average over ${phase.seconds.toFixed(0)} s)`,
    },
    { name: `${label}: agent memory at the end`, value: phase.rssMb, unit: "MB RSS" },
  );
  return rows;
}

/** What the tab showed while it watched: frames per second and the overlay's boxes. */
export function tabRows(frames: readonly ShownFrame[], seconds: number): BenchRow[] {
  const boxed = frames.filter((f) => f.states.length > 0);
  const states = [...new Set(frames.flatMap((f) => f.states))].sort();
  return [
    {
      name: "live view in the tab: frames drawn",
      value: frames.length / seconds,
      unit: "frames/s (hub default 2)",
    },
    {
      name: "live view in the tab: frames with vehicle boxes",
      value: pct(boxed.length, frames.length),
      unit: `% (${boxed.length} of ${frames.length}; states seen: ${states.join(", ") || "none"})`,
    },
  ];
}

/** Watch → first frame, and leave → last frame, per way of leaving. */
export function leaveRows(leaves: readonly LeaveResult[]): BenchRow[] {
  const rows: BenchRow[] = [
    {
      name: "live view: watch → first frame at the viewer, median",
      value: quantile(
        leaves.map((l) => l.watchToViewerMs),
        0.5,
      ),
      unit: `ms (${leaves.length} watches)`,
    },
    {
      name: "live view: watch → first frame at the viewer, max",
      value: quantile(
        leaves.map((l) => l.watchToViewerMs),
        1,
      ),
      unit: "ms",
    },
    {
      name: "live view: watch → first frame at the hub, median",
      value: quantile(
        leaves.map((l) => l.watchToHubMs),
        0.5,
      ),
      unit: "ms",
    },
  ];
  for (const how of ["unwatch", "socket closed", "tab closed"] as const) {
    const these = leaves.filter((l) => l.how === how);
    if (these.length === 0) continue;
    rows.push({
      name: `live view: last viewer left (${how}) → last frame at the hub, max`,
      value: quantile(
        these.map((l) => l.leaveToLastFrameMs),
        1,
      ),
      unit: `ms (${these.length} leave${these.length === 1 ? "" : "s"}; frames after leaving: ${these.map((l) => l.framesAfterLeave).join(", ")})`,
      target: "≤ 5000 ms",
    });
  }
  const quiet = leaves.filter((l) => l.quietForMs >= 10_000);
  rows.push({
    name: "live view: leaves followed by ≥ 10 s without a live frame at the hub",
    value: pct(quiet.length, leaves.length),
    unit: `% (${quiet.length} of ${leaves.length})`,
    target: "100 %",
  });
  return rows;
}
