import type { AttentionState } from "@sitewatch/shared-protocol";
import type { FaceSample } from "@sitewatch/shared-protocol/attention";
import type { MinuteRow } from "./focus-sinks.js";

export const MINUTE_MS = 60_000;

/**
 * What one minute of a session held: samples, how many saw a face, EAR and MAR means over those,
 * blinks that ended in it and the tracked time per state. Kept in memory while the minute runs and
 * written whole (absolute figures) when it is over, paused or ended.
 */
export class MinuteFigures {
  samples = 0;
  faceSamples = 0;
  blinks = 0;
  private earSum = 0;
  private marSum = 0;
  private readonly stateMs: Partial<Record<AttentionState, number>> = {};

  /** `minute`: the minute's start, epoch ms on the hub's clock. */
  constructor(readonly minute: number) {}

  add(face: FaceSample | null): void {
    this.samples += 1;
    if (!face) return;
    this.faceSamples += 1;
    this.earSum += face.ear;
    this.marSum += face.mar;
  }

  /** Time since the previous sample, credited to the state the session was in meanwhile. */
  track(state: AttentionState, ms: number): void {
    if (ms > 0) this.stateMs[state] = (this.stateMs[state] ?? 0) + ms;
  }

  row(siteId: string, sessionId: string): MinuteRow {
    const mean = (sum: number) => (this.faceSamples > 0 ? sum / this.faceSamples : null);
    return {
      siteId,
      sessionId,
      minute: new Date(this.minute),
      samples: this.samples,
      faceSamples: this.faceSamples,
      earAvg: mean(this.earSum),
      marAvg: mean(this.marSum),
      blinks: this.blinks,
      stateMs: { ...this.stateMs },
    };
  }
}

export const minuteOf = (hubMs: number) => hubMs - (hubMs % MINUTE_MS);
