import type {
  ClientToServerEvents,
  FocusSessionInfo,
  FocusStarted,
  FocusState,
  ServerToClientEvents,
} from "@sitewatch/shared-protocol";
import { onLive } from "@sitewatch/shared-protocol";
import type { FaceSample } from "@sitewatch/shared-protocol/attention";
import { io, type Socket } from "socket.io-client";
import { LatencyRecorder, type LatencySummary } from "./latency.js";

// The simulated learners of attention-live.bench.ts, forked so the hub process measures only itself:
// each learner's browser sends face samples over Socket.IO at a fixed rate; one manager's dashboard
// watches the site. Every time below is this process's performance.now(), so no clocks are compared.
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LearnersJob {
  /** hub: focus sessions on the real hub; echo: a bare Socket.IO server that answers each sample at once. */
  mode: "hub" | "echo";
  url: string;
  site: string;
  learnerTokens: string[];
  managerToken: string;
  rate: number;
  durationMs: number;
}

export interface LearnersResult {
  sent: number;
  answered: number;
  seconds: number;
  answer: LatencySummary;
  push: LatencySummary;
  changes: number;
  alerts: number;
  loadCpuPct: number;
}

const open: FaceSample = { ear: 0.3, earLeft: 0.29, earRight: 0.31, mar: 0.05, yaw: 2, pitch: -3, roll: 1 };
const closed: FaceSample = { ...open, ear: 0.06, earLeft: 0.06, earRight: 0.06 };

/**
 * 3.5 s of calibration, then every 5 s: 1.5 s of closed eyes (drowsy after 1 s, with an alert) and
 * 3.5 s attentive (focused again after the recovery second): two changes per learner per cycle.
 */
function faceAt(ms: number): FaceSample {
  if (ms < 3_500) return open;
  return (ms - 3_500) % 5_000 < 1_500 ? closed : open;
}

function connect(url: string, token: string): Promise<Client> {
  const socket: Client = io(url, {
    auth: { token },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

function ack<T>(socket: Client, event: string, req: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    (socket as unknown as { emit(e: string, r: unknown, cb: (a: unknown) => void): void }).emit(
      event,
      req,
      (a) => {
        const r = a as { ok: boolean; data?: T; error?: { message: string } };
        if (r.ok) resolve(r.data as T);
        else reject(new Error(`${event}: ${r.error?.message}`));
      },
    );
  });
}

/** State changes of one session as both ends see them, matched by their order. */
class ChangeLog {
  caused: number[] = [];
  pushed: number[] = [];
  lastAnswered = "focused";
  lastPushed = "focused";
}

async function run(job: LearnersJob): Promise<LearnersResult> {
  const answer = new LatencyRecorder();
  const push = new LatencyRecorder();
  const logs = new Map<string, ChangeLog>();
  let changes = 0;
  let alerts = 0;
  const match = (log: ChangeLog, i: number) => {
    const caused = log.caused[i];
    const pushed = log.pushed[i];
    if (caused !== undefined && pushed !== undefined) {
      push.add(pushed - caused);
      changes += 1;
    }
  };

  const echo = job.mode === "echo";
  const manager = echo ? undefined : await connect(job.url, job.managerToken);
  if (manager) await ack(manager, "site:join", { site: job.site });
  if (manager)
    onLive(manager, "focus:session", (event) => {
      const now = performance.now();
      const info = event.data as FocusSessionInfo;
      const log = logs.get(info.session);
      if (!log || info.endedAt !== undefined || info.state === log.lastPushed) return;
      log.lastPushed = info.state;
      log.pushed.push(now);
      match(log, log.pushed.length - 1);
    });

  const learners = await Promise.all(
    job.learnerTokens.map(async (token, i) => {
      const socket = await connect(job.url, token);
      const { session } = echo
        ? { session: `echo-${i}` }
        : await ack<FocusStarted>(socket, "focus:start", { site: job.site, source: "browser" });
      const log = new ChangeLog();
      logs.set(session, log);
      const sentAt: number[] = [];
      socket.on("focus:state", (s: FocusState) => {
        const now = performance.now();
        const at = sentAt[s.seq];
        if (at !== undefined) answer.add(now - at);
        if (s.state !== log.lastAnswered) {
          log.lastAnswered = s.state;
          log.caused.push(at ?? now);
          match(log, log.caused.length - 1);
        }
      });
      socket.on("focus:alert", () => {
        alerts += 1;
      });
      return { socket, session, sentAt };
    }),
  );

  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const interval = 1000 / job.rate;
  let sent = 0;
  await Promise.all(
    learners.map(
      (l, i) =>
        new Promise<void>((resolve) => {
          // Staggered, so the learners' samples do not all arrive in the same millisecond.
          const offset = (i / learners.length) * interval;
          const wallStart = Date.now();
          let seq = 0;
          const tick = () => {
            const elapsed = performance.now() - started;
            if (elapsed >= job.durationMs) return resolve();
            // Catch up on ticks a late timer skipped, like a camera that keeps its frame rate.
            while (seq * interval + offset <= elapsed) {
              l.sentAt[seq] = performance.now();
              l.socket.emit("focus:sample", {
                session: l.session,
                seq,
                at: wallStart + Math.round(seq * interval),
                face: faceAt(seq * interval),
              });
              seq += 1;
              sent += 1;
            }
            setTimeout(tick, Math.max(1, seq * interval + offset - elapsed));
          };
          setTimeout(tick, offset);
        }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  // Answers still on their way.
  await new Promise((r) => setTimeout(r, 500));
  const cpu = process.cpuUsage(cpuBefore);
  if (!echo)
    for (const l of learners) await ack(l.socket, "focus:end", { session: l.session }).catch(() => undefined);
  for (const l of learners) l.socket.disconnect();
  manager?.disconnect();
  return {
    sent,
    answered: answer.count,
    seconds,
    answer: answer.summary(),
    push: push.summary(),
    changes,
    alerts,
    loadCpuPct: ((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100,
  };
}

process.once("message", (job: LearnersJob) => {
  run(job).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (err: unknown) =>
      process.send?.({ ok: false, error: String((err as Error).stack ?? err) }, () => process.exit(1)),
  );
});
