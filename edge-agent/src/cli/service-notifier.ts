import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import type { ServiceManagerEnv } from "../agent-config/agent-config-file.js";
import type { LogLine } from "../logging/log-line.js";

/** Tells the service manager how the agent is doing; does nothing when not run by systemd. */
export interface ServiceNotifier {
  ready(status: string): void;
  status(status: string): void;
  stopping(): void;
}

const SILENT: ServiceNotifier = { ready() {}, status() {}, stopping() {} };

/**
 * sd_notify through the `systemd-notify` program: Node has no Unix datagram sockets, and a native
 * module for four short messages is not worth a build step on every edge device. Because the sender is
 * then a child process, the unit needs `NotifyAccess=all` (deploy/ ships it that way). With
 * `WatchdogSec`, a ping goes out at half the period for as long as the event loop keeps turning, so a
 * wedged agent is restarted by systemd.
 */
export function serviceNotifier(
  env: ServiceManagerEnv,
  log: LogLine,
  binary = "systemd-notify",
): ServiceNotifier & { close(): void } {
  if (!env.notifySocket) return { ...SILENT, close() {} };
  let warned = false;
  // systemd installs it in /usr/bin (/bin on older, unmerged systems); the child gets no PATH to search.
  const program = binary.includes("/")
    ? binary
    : (["/usr/bin", "/bin"].map((dir) => `${dir}/${binary}`).find((p) => existsSync(p)) ?? binary);
  const notifyEnv = { NOTIFY_SOCKET: env.notifySocket };
  const send = (...args: string[]) => {
    // --no-block: do not wait for systemd to confirm; readiness must never stall the agent.
    execFile(program, ["--no-block", ...args], { env: notifyEnv }, (err) => {
      if (err && !warned) {
        warned = true;
        log(`cannot notify systemd (${binary}): ${err.message.split("\n")[0]}`, { level: "warn" });
      }
    });
  };
  let watchdog: NodeJS.Timeout | undefined;
  if (env.watchdogUsec) {
    watchdog = setInterval(() => send("WATCHDOG=1"), Math.max(500, env.watchdogUsec / 2000));
    watchdog.unref();
  }
  return {
    ready: (status) => send("--ready", `--status=${status}`),
    status: (status) => send(`--status=${status}`),
    stopping: () => send("STOPPING=1", "--status=stopping"),
    close: () => clearInterval(watchdog),
  };
}
