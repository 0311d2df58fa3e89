import { createAgentLogger, logLine } from "../logging/agent-logger.js";
import { LogEnvError, type LogSettings, logSettings } from "../logging/log-env.js";
import type { LogLine } from "../logging/log-line.js";
import { CliError } from "./cli-error.js";

/**
 * The log of the commands that keep running (run, worker). Their one-shot siblings (init, doctor,
 * status …) print plain text for the installer instead. Settings are read once, here at the entry
 * point, from the environment the process was started with.
 */
export function daemonLogSettings(
  env: Readonly<Record<string, string | undefined>>,
  stdoutIsTty: boolean,
): LogSettings {
  try {
    return logSettings(env, stdoutIsTty);
  } catch (err) {
    throw err instanceof LogEnvError ? new CliError(err.message) : err;
  }
}

/** Every line names the device, so logs of many devices can be shipped to one place. */
export function daemonLog(settings: LogSettings, device: { site: string; device: string }): LogLine {
  return logLine(createAgentLogger(settings).child(device));
}
