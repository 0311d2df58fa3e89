import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";

/** A listener may be async; a rejection is handled like a throw. */
export type Listener<P> = (payload: P) => void | Promise<void>;

export interface EventBusOptions {
  logger: Logger;
  /** Counts failed listeners by event name; without it they are only logged (and in `failures`). */
  metrics?: Pick<Metrics, "eventListenerFailures">;
}

/**
 * In-process publish/subscribe over a map of event names to payload types, so a payload that does not
 * fit its name fails to compile. `emit` calls every listener synchronously, in subscription order,
 * before it returns. A listener that throws or rejects is logged and counted and the others still run:
 * emitters (ingest, a request that already committed) must never fail because of a subscriber.
 */
export class EventBus<E extends object> {
  // Copied on subscribe, never on emit: emit runs for every accepted device message.
  private readonly listeners = new Map<keyof E, ReadonlyArray<Listener<never>>>();
  /** Listener failures since construction. */
  failures = 0;

  constructor(private readonly options: EventBusOptions) {}

  /** Returns the function that unsubscribes. Subscribing the same function twice calls it twice. */
  on<N extends keyof E & string>(name: N, listener: Listener<E[N]>): () => void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener as Listener<never>]);
    return () => this.off(name, listener);
  }

  /** Removes one subscription of `listener`; unknown listeners are ignored. */
  off<N extends keyof E & string>(name: N, listener: Listener<E[N]>): void {
    const current = this.listeners.get(name);
    const at = current?.indexOf(listener as Listener<never>) ?? -1;
    if (!current || at < 0) return;
    const rest = current.filter((_, i) => i !== at);
    if (rest.length > 0) this.listeners.set(name, rest);
    else this.listeners.delete(name);
  }

  /** Never throws; see the class comment. */
  emit<N extends keyof E & string>(name: N, payload: E[N]): void {
    const listeners = this.listeners.get(name) as ReadonlyArray<Listener<E[N]>> | undefined;
    if (!listeners) return;
    for (const listener of listeners) {
      try {
        const result = listener(payload);
        if (result instanceof Promise) result.catch((err: unknown) => this.failed(name, err));
      } catch (err) {
        this.failed(name, err);
      }
    }
  }

  listenerCount(name: keyof E & string): number {
    return this.listeners.get(name)?.length ?? 0;
  }

  private failed(name: string, err: unknown): void {
    this.failures += 1;
    this.options.metrics?.eventListenerFailures.inc({ event: name });
    this.options.logger.error({ err, event: name }, "event listener failed");
  }
}
