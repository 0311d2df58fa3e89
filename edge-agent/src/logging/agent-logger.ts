import pino, { type Logger } from "pino";
import { prettyFactory } from "pino-pretty";
import type { LogSettings } from "./log-env.js";
import type { LogLine } from "./log-line.js";

export type { Logger };

/** Where log lines go: stdout for the running agent, an array in tests. */
export interface LogDestination {
  write(line: string): unknown;
}

/**
 * The running agent's logger: JSON lines shaped like the hub's (ISO `time`, `level` number, `msg`,
 * `service`) so one log pipeline reads both, or the same records made readable for a terminal.
 */
export function createAgentLogger(
  settings: LogSettings,
  destination: LogDestination = process.stdout,
): Logger {
  const out = settings.format === "pretty" ? prettyDestination(destination, settings.colorize) : destination;
  return pino(
    {
      level: settings.level,
      base: { service: "sitewatch-agent" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: ["password", "*.password", "token", "*.token"],
    },
    out,
  );
}

/**
 * pino-pretty's formatter applied in-process, line by line. Its usual transport runs in a worker and
 * writes asynchronously, which could lose the last lines when the agent stops; the agent logs little
 * enough that formatting on the main thread costs nothing worth a worker.
 */
function prettyDestination(out: LogDestination, colorize: boolean): LogDestination {
  const format = prettyFactory({
    colorize,
    singleLine: true,
    translateTime: "SYS:yyyy-mm-dd HH:MM:ss.l",
    // A terminal shows one device: the fields every line carries (child bindings) would only be noise.
    ignore: "pid,hostname,service,site,device",
  });
  return { write: (line: string) => out.write(format(line)) };
}

/** The agent's `log(message, fields)` seam written through `logger`, at the level the fields name. */
export function logLine(logger: Logger): LogLine {
  return (message, fields) => {
    if (fields === undefined) return logger.info(message);
    const { level = "info", ...rest } = fields;
    logger[level](rest, message);
  };
}
