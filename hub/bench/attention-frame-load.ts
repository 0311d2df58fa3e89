import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { encodeFrame, type FrameReply } from "@sitewatch/shared-protocol";
import { WebSocket } from "ws";
import { faceJpegs } from "../src/roles/attention/frames/frame-client.test-support.js";
import { FRAME_PATH } from "../src/roles/attention/frames/frame-socket.js";
import { LatencyRecorder, type LatencySummary } from "./latency.js";

// The frame benchmark's learners, in a process of their own (forked by attention-frames.bench.ts) so
// their sockets and JPEG sending do not run on the hub's event loop or count as its CPU.

export interface FrameRun {
  url: string;
  token: string;
  sessions: string[];
  fps: number;
  durationMs: number;
  /** Every n-th frame is sent twice, to count the hub's duplicate drops against. */
  duplicateEvery: number;
}

export interface FrameRunResult {
  sessions: number;
  sent: number;
  duplicatesSent: number;
  results: number;
  /** Results whose seq was not above the session's previous result (must be 0). */
  reordered: number;
  dropped: Record<string, number>;
  errors: Record<string, number>;
  /** Send → result on this process's clock, and the hub's own receive → reply figure. */
  latency: LatencySummary;
  hubLatency: LatencySummary;
  inference: LatencySummary;
  seconds: number;
}

const jpegs = () => faceJpegs();

async function runFrames(run: FrameRun): Promise<FrameRunResult> {
  const frames = jpegs();
  const latency = new LatencyRecorder();
  const hubLatency = new LatencyRecorder();
  const inference = new LatencyRecorder();
  const counts = { sent: 0, duplicatesSent: 0, results: 0, reordered: 0 };
  const dropped: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const wsUrl = `${run.url.replace(/^http/, "ws")}${FRAME_PATH}`;
  const sockets = await Promise.all(
    run.sessions.map(
      (session) =>
        new Promise<{ ws: WebSocket; session: string }>((resolve, reject) => {
          const ws = new WebSocket(wsUrl, { headers: { authorization: `Bearer ${run.token}` } });
          ws.once("open", () => resolve({ ws, session }));
          ws.once("error", reject);
        }),
    ),
  );
  const started = performance.now();
  const timers: NodeJS.Timeout[] = [];
  const waiting = sockets.map(({ ws, session }, i) => {
    const sentAt = new Map<number, number>();
    let last = -1;
    let seq = 0;
    ws.on("message", (data) => {
      const reply = JSON.parse(String(data)) as FrameReply;
      if (reply.type === "result") {
        const t0 = sentAt.get(reply.seq);
        if (t0 !== undefined) latency.add(performance.now() - t0);
        hubLatency.add(reply.latencyMs);
        inference.add(reply.inferenceMs);
        if (reply.seq <= last) counts.reordered += 1;
        last = reply.seq;
        counts.results += 1;
      } else if (reply.type === "dropped")
        dropped[reply.reason] = (dropped[reply.reason] ?? 0) + reply.seqs.length;
      else if (reply.type === "error") errors[reply.code] = (errors[reply.code] ?? 0) + 1;
    });
    const send = () => {
      const bytes = encodeFrame(
        { session, seq, captureMs: Date.now() },
        frames[(seq + i) % frames.length] as Buffer,
      );
      sentAt.set(seq, performance.now());
      ws.send(bytes);
      counts.sent += 1;
      if (run.duplicateEvery > 0 && seq % run.duplicateEvery === run.duplicateEvery - 1) {
        ws.send(bytes);
        counts.duplicatesSent += 1;
      }
      seq += 1;
    };
    // Learners start at random moments within one frame interval, as real ones would.
    const interval = 1000 / run.fps;
    timers.push(
      setTimeout(() => {
        send();
        timers.push(setInterval(send, interval));
      }, Math.random() * interval),
    );
    return ws;
  });
  await new Promise((r) => setTimeout(r, run.durationMs));
  for (const t of timers) clearTimeout(t);
  const seconds = (performance.now() - started) / 1000;
  // Answers to the last frames still on their way.
  await new Promise((r) => setTimeout(r, 2_000));
  await Promise.all(waiting.map((ws) => new Promise((r) => ws.once("close", r).close())));
  return {
    sessions: run.sessions.length,
    ...counts,
    dropped,
    errors,
    latency: latency.summary(),
    hubLatency: hubLatency.summary(),
    inference: inference.summary(),
    seconds,
  };
}

/** The hub process's handle on the learners' process: one run at a time. */
export class FrameLoad {
  private readonly child: ChildProcess = fork(fileURLToPath(import.meta.url), ["--frame-load"], {
    execArgv: ["--import", "tsx"],
    stdio: "inherit",
  });

  run(run: FrameRun): Promise<FrameRunResult> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("frame load: run timed out")), run.durationMs + 60_000);
      this.child.once("message", (m: { ok: boolean; value?: FrameRunResult; error?: string }) => {
        clearTimeout(timer);
        if (m.ok && m.value) resolve(m.value);
        else reject(new Error(`frame load: ${m.error}`));
      });
      this.child.send(run);
    });
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

if (process.argv.includes("--frame-load")) {
  process.on("message", (run: FrameRun) => {
    runFrames(run).then(
      (value) => process.send?.({ ok: true, value }),
      (err: unknown) => process.send?.({ ok: false, error: (err as Error).stack ?? String(err) }),
    );
  });
  process.on("disconnect", () => process.exit(0));
}
