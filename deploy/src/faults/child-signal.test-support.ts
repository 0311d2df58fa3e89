import type { ChildProcess } from "node:child_process";
import { once } from "node:events";

/**
 * Sends `signal` to a running child and waits until it is gone; false when there was nothing to stop.
 * A SIGTERM that is not obeyed within `graceMs` becomes a SIGKILL, so a hung child cannot stall a run.
 */
export async function signalAndWait(
  child: ChildProcess | undefined,
  signal: "SIGKILL" | "SIGTERM",
  graceMs = 30_000,
): Promise<boolean> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return false;
  const exited = once(child, "exit");
  child.kill(signal);
  const force = signal === "SIGTERM" ? setTimeout(() => child.kill("SIGKILL"), graceMs) : undefined;
  await exited;
  clearTimeout(force);
  return true;
}
