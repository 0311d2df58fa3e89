import { type ChildProcess, fork } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { WorkerLogLine, WorkerSettings } from "./queue-worker.test-support.js";

/** Worker processes of the queue's crash test and benchmark, and the check of their claim logs. */

const WORKER = fileURLToPath(new URL("./queue-worker.test-support.ts", import.meta.url));

export type WorkerMessage = { ready?: boolean; claimed?: string; at?: number; stalled?: string };

/** Forks one worker (tsx) and resolves once it listens; `onMessage` sees everything it reports. */
export function startWorker(
  settings: WorkerSettings,
  onMessage: (m: WorkerMessage) => void,
): Promise<ChildProcess> {
  const child = fork(WORKER, [JSON.stringify(settings)], { execArgv: ["--import", "tsx"], stdio: "inherit" });
  child.on("message", (m) => onMessage(m as WorkerMessage));
  return new Promise((resolve, reject) => {
    child.once("message", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`worker ${settings.workerId} exited with ${code}`)));
  });
}

/** Asks the workers to stop after their current job and waits for them to exit. */
export async function stopWorkers(workers: readonly ChildProcess[]): Promise<void> {
  const alive = workers.filter((w) => w.exitCode === null && w.signalCode === null);
  for (const w of alive) w.send("stop");
  await Promise.all(alive.map((w) => new Promise((resolve) => w.once("exit", resolve))));
}

export async function readWorkerLogs(files: readonly string[]): Promise<WorkerLogLine[]> {
  const lines: WorkerLogLine[] = [];
  for (const file of files) {
    const text = await readFile(file, "utf8").catch(() => "");
    for (const l of text.split("\n").filter(Boolean)) lines.push(JSON.parse(l) as WorkerLogLine);
  }
  return lines;
}

/**
 * Jobs held by two workers at once. A worker holds a job from its claim (logged after the claim
 * committed) until it reports the outcome (logged before the outcome is sent), or until it was killed;
 * the next claim can only commit after that outcome, so any overlap is a real double claim.
 */
export function claimOverlaps(lines: readonly WorkerLogLine[], killed?: { w: string; t: number }): string[] {
  const open = new Map<string, { w: string; t: number }>();
  const spans = new Map<string, Array<[number, number, string]>>();
  const close = (job: string, end: number) => {
    const o = open.get(job);
    if (!o) return;
    open.delete(job);
    spans.set(job, [...(spans.get(job) ?? []), [o.t, end, o.w]]);
  };
  const bad: string[] = [];
  for (const l of [...lines].sort((a, b) => a.t - b.t)) {
    if (l.ev === "claim") {
      const holder = open.get(l.job);
      if (holder && holder.w !== killed?.w) bad.push(`${l.job}: claimed by ${l.w} while ${holder.w} held it`);
      close(l.job, l.t);
      open.set(l.job, { w: l.w, t: l.t });
    } else if (l.ev !== "lost") close(l.job, l.t);
  }
  for (const [job, o] of open) if (killed && o.w === killed.w) close(job, killed.t);
  for (const [job, list] of spans) {
    const sorted = list.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1] as [number, number, string];
      const cur = sorted[i] as [number, number, string];
      if (cur[0] < prev[1]) bad.push(`${job}: ${prev[2]} until ${prev[1]}, ${cur[2]} from ${cur[0]}`);
    }
  }
  return bad;
}
