/**
 * Registry of running services, so none outlives the test process.
 *
 * Postgres runs detached from us (pg_ctl puts it in its own session) and Mosquitto is a child process; if a test
 * throws before its `afterAll`, or the run is interrupted with Ctrl-C, nothing else would stop them and the next
 * run would find stray servers and full temp dirs.
 */

export interface TrackedService {
  /** Shown when stopping fails, so the error says which service misbehaved. */
  readonly label: string;
  stop(): Promise<void>;
  /**
   * Runs inside process 'exit', where no promise or callback will ever complete: it may only use synchronous
   * calls (process.kill, child.kill, fs.rmSync).
   */
  killSync(): void;
}

const live = new Set<TrackedService>();
let handlersInstalled = false;

/** Registers a started service; call the returned function once it has stopped on its own. */
export function track(service: TrackedService): () => void {
  installExitHandlers();
  live.add(service);
  return () => {
    live.delete(service);
  };
}

/** Labels of services started and not yet stopped; lets a suite assert it leaks nothing. */
export function liveServices(): string[] {
  return [...live].map((service) => service.label);
}

/**
 * Stops every tracked service, e.g. from a global `afterAll`, and reports all failures, not only the first.
 * A service whose stop failed stays registered so the exit handler still gets a chance to kill it.
 */
export async function stopAll(): Promise<void> {
  const services = [...live];
  const results = await Promise.allSettled(services.map((service) => service.stop()));
  const failed = services.filter((_, index) => results[index]?.status === "rejected");
  if (failed.length > 0) {
    const reasons = results.flatMap((result) => (result.status === "rejected" ? [result.reason] : []));
    throw new AggregateError(reasons, `testkit: failed to stop ${failed.map((s) => s.label).join(", ")}`);
  }
}

/**
 * Kills every tracked service synchronously, without waiting for graceful shutdown. This is what the exit
 * and signal handlers run; exported for callers with their own last-chance hooks (and to test that path).
 */
export function killAllSync(): void {
  for (const service of live) {
    try {
      service.killSync();
    } catch {
      // Best effort while the process is going down: one stuck service must not keep the others alive.
    }
  }
  live.clear();
}

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on("exit", killAllSync);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    const onSignal = () => {
      killAllSync();
      // Listening for a signal switches off Node's default "terminate". When nobody else (vitest, the app)
      // handles it, restore the default and re-raise so the process still dies with the right status.
      if (process.listenerCount(signal) === 1) {
        process.off(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}
