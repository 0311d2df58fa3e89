import { createContext, useContext, useEffect, useState, useSyncExternalStore } from "react";

interface BoundText {
  since: number;
  format: (elapsedMs: number) => string;
  last: string;
}

/**
 * One clock per page: a single one-second interval that rewrites the text of every registered timer
 * element directly (no React render for 500 ticking tiles) and wakes the few components that show
 * relative times through React (alerts, detail panel, device list).
 */
export class PageClock {
  private readonly texts = new Map<HTMLElement, BoundText>();
  private readonly listeners = new Set<() => void>();
  private current = Date.now();

  /** Starts ticking; returns the stop function (an effect's cleanup). */
  start(intervalMs = 1_000): () => void {
    const id = setInterval(() => this.tick(), intervalMs);
    return () => clearInterval(id);
  }

  tick(now = Date.now()): void {
    this.current = now;
    for (const [el, bound] of this.texts) this.write(el, bound);
    for (const l of this.listeners) l();
  }

  now = (): number => this.current;

  /** Keeps `el`'s text at `format(now - since)` until the returned function is called. */
  bindText(el: HTMLElement, since: number, format: (elapsedMs: number) => string): () => void {
    const bound = { since, format, last: "" };
    this.texts.set(el, bound);
    this.write(el, bound, Date.now());
    return () => {
      if (this.texts.get(el) === bound) this.texts.delete(el);
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private write(el: HTMLElement, bound: BoundText, now = this.current): void {
    const text = bound.format(Math.max(0, now - bound.since));
    // Only touch the DOM when the text changed: most minutes-only timers change once a minute.
    if (text !== bound.last) {
      bound.last = text;
      el.textContent = text;
    }
  }
}

const ClockContext = createContext<PageClock | undefined>(undefined);
export const ClockProvider = ClockContext.Provider;

/** The page's clock, started while the calling component (the page) is mounted. */
export function useStartedClock(): PageClock {
  const [clock] = useState(() => new PageClock());
  useEffect(() => clock.start(), [clock]);
  return clock;
}

export function useClock(): PageClock {
  const clock = useContext(ClockContext);
  if (!clock) throw new Error("useClock outside ClockProvider");
  return clock;
}

/** The time of the clock's last tick; re-renders the caller once a second. */
export function useNow(): number {
  const clock = useClock();
  return useSyncExternalStore(clock.subscribe, clock.now);
}
