import { resolve } from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import {
  AgentConfigError,
  dataDirPath,
  defaultConfigPath,
  readAgentConfig,
} from "../agent-config/agent-config-file.js";
import type { AgentConfig } from "../agent-config/agent-config-schema.js";
import { type AgentState, agentStatePath, ago, readAgentState } from "../agent-config/agent-state.js";
import { CliError } from "./cli-error.js";
import { printJson } from "./output.js";

/** The `seats` field the running agent adds to its state file on every heartbeat: camera id → seats. */
const stateSeatsSchema = z.record(
  z.string(),
  z.array(z.looseObject({ seat: z.string(), state: z.string(), since: z.number(), confidence: z.number() })),
);

/** The agent writes its state every 30 s by default; well past that it is taken as not running. */
export const STALE_AFTER_MS = 120_000;

export interface SeatRow {
  seat: string;
  /** undefined: configured, but the agent has not reported this seat. */
  state?: string;
  since?: number;
  confidence?: number;
}

export interface SeatReport {
  /** "none": no state file; "stale": the agent stopped or hung; "running": a recent report. */
  agent: "none" | "unreadable" | "stale" | "running";
  updatedAt?: number;
  cameras: { camera: string; name: string; seats: SeatRow[] }[];
}

/** Every seats camera of the config with its seats, and the states the agent last reported for them. */
export function seatReport(
  config: AgentConfig,
  state: AgentState | { error: string } | undefined,
  now: number,
  alive: (pid: number) => boolean = pidAlive,
): SeatReport {
  const ok = state && !("error" in state) ? state : undefined;
  const reported = stateSeatsSchema.safeParse(ok?.seats ?? {});
  const seats = reported.success ? reported.data : {};
  const agent: SeatReport["agent"] = !state
    ? "none"
    : !ok
      ? "unreadable"
      : now - ok.updatedAt > STALE_AFTER_MS || (ok.pid !== undefined && !alive(ok.pid))
        ? "stale"
        : "running";
  const cameras = config.cameras
    .filter((c) => c.role === "seats")
    .map((c) => {
      const live = new Map((seats[c.id] ?? []).map((s) => [s.seat, s]));
      const rows: SeatRow[] = c.seats.map((s) => live.get(s.seat) ?? { seat: s.seat });
      // Seats the agent still reports but the config no longer lists (a push not saved yet) are shown too.
      for (const s of live.values()) if (!c.seats.some((d) => d.seat === s.seat)) rows.push(s);
      return {
        camera: c.id,
        name: c.name,
        seats: rows.map(({ seat, state, since, confidence }) => ({ seat, state, since, confidence })),
      };
    });
  return { agent, updatedAt: ok?.updatedAt, cameras };
}

/** The report as the lines a person reads: a status line, then one table per camera. */
export function renderSeatReport(report: SeatReport, statePath: string, now: number): string[] {
  const when = report.updatedAt === undefined ? "" : ago(report.updatedAt, now);
  const lines = [
    report.agent === "running"
      ? `agent running; seat states as of ${when}`
      : report.agent === "stale"
        ? `agent not running (last report ${when}); seat states are the last known`
        : report.agent === "unreadable"
          ? `agent state ${statePath} is unreadable; seat states unknown`
          : `agent not running (no state at ${statePath}); seat states unknown`,
  ];
  if (report.cameras.length === 0) lines.push("no seats cameras configured");
  for (const camera of report.cameras) {
    lines.push("", `camera ${camera.camera} "${camera.name}": ${camera.seats.length} seats`);
    if (camera.seats.length === 0) continue;
    const table = [
      ["seat", "state", "since", "confidence"],
      ...camera.seats.map((s) => [
        s.seat,
        s.state ?? "-",
        s.since === undefined ? "-" : ago(s.since, now),
        s.confidence === undefined ? "-" : s.confidence.toFixed(2),
      ]),
    ];
    const widths = [0, 1, 2].map((i) => Math.max(...table.map((r) => (r[i] ?? "").length)));
    for (const r of table)
      lines.push(`  ${r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ")}`.trimEnd());
  }
  return lines;
}

export function registerSeats(program: Command): void {
  program
    .command("seats")
    .description("show each seats camera's seats with the states the running agent last reported")
    .option("--config <path>", "config file (default $SITEWATCH_AGENT_CONFIG or ./sitewatch-agent.json)")
    .option("--json", "print JSON")
    .action(async (flags: { config?: string; json?: boolean }) => {
      const configPath = resolve(flags.config ?? defaultConfigPath());
      const config = await readAgentConfig(configPath).catch((err: unknown) => {
        throw err instanceof AgentConfigError ? new CliError(err.message) : err;
      });
      const dataDir = dataDirPath(configPath, config);
      const now = Date.now();
      const report = seatReport(config, await readAgentState(dataDir), now);
      if (flags.json) return printJson(report);
      for (const line of renderSeatReport(report, agentStatePath(dataDir), now)) console.log(line);
    });
}

/** Signal 0 only checks the process exists; EPERM means it exists under another user. */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
