import { z } from "zod";

/**
 * The running agent's logging settings, from its environment:
 * - LOG_LEVEL: trace, debug, info (default), warn, error, fatal or silent.
 * - LOG_FORMAT: json (one object per line, for journald, Docker and log shippers) or pretty (for a
 *   person at a terminal); by default pretty when stdout is a terminal, json otherwise.
 * Read once at the entry point; nothing else reads these variables.
 */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export const LOG_FORMATS = ["json", "pretty"] as const;

// "" counts as unset (an empty `LOG_LEVEL=` line in a unit or .env file), and case does not matter.
const setting = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? v.trim().toLowerCase() : undefined),
    z.enum(values).optional(),
  );

export const logEnvSchema = z.object({
  LOG_LEVEL: setting(LOG_LEVELS),
  LOG_FORMAT: setting(LOG_FORMATS),
});

export interface LogSettings {
  level: (typeof LOG_LEVELS)[number];
  format: (typeof LOG_FORMATS)[number];
  /** Colours in the pretty format: only on a terminal, and never when NO_COLOR is set. */
  colorize: boolean;
}

/** A LOG_LEVEL or LOG_FORMAT the agent does not know; the message names the variable and the choices. */
export class LogEnvError extends Error {}

export function logSettings(
  env: Readonly<Record<string, string | undefined>>,
  stdoutIsTty: boolean,
): LogSettings {
  const parsed = logEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "LOG_LEVEL");
    const choices = name === "LOG_FORMAT" ? LOG_FORMATS : LOG_LEVELS;
    throw new LogEnvError(`${name}=${env[name]}: must be one of ${choices.join(", ")}`);
  }
  const format = parsed.data.LOG_FORMAT ?? (stdoutIsTty ? "pretty" : "json");
  return {
    level: parsed.data.LOG_LEVEL ?? "info",
    format,
    colorize: format === "pretty" && stdoutIsTty && !env.NO_COLOR,
  };
}
