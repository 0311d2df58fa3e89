import type { SeatChange, SeatState } from "@sitewatch/shared-protocol";

/** A seatChange payload without the envelope (v, id, seq, ts), which delivery adds. */
export type SeatTransition = Omit<SeatChange, "v" | "id" | "seq" | "ts">;

/** One seat's entry in the retained seatSnapshot. */
export interface SeatStatus {
  seat: string;
  state: SeatState;
  since: number;
  confidence: number;
}

const MAX_DURATION = 366 * 24 * 3600 * 1000;

/** The protocol caps durations at a year and wants integers; a clock jump must not break encoding. */
export function durationMs(ms: number): number {
  return Math.min(MAX_DURATION, Math.max(0, Math.round(ms)));
}

/** Running mean of the per-observation confidences behind a pending transition. */
export class RunningMean {
  #sum = 0;
  #n = 0;

  add(v: number): void {
    this.#sum += v;
    this.#n++;
  }

  value(fallback: number): number {
    return this.#n > 0 ? Math.min(1, Math.max(0, this.#sum / this.#n)) : fallback;
  }

  reset(): void {
    this.#sum = 0;
    this.#n = 0;
  }
}
