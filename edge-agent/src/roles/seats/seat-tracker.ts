import type { SeatState } from "@sitewatch/shared-protocol";
import type { SeatObservation } from "./seat-observation.js";
import type { SeatOptions } from "./seat-options.js";
import { durationMs, RunningMean, type SeatStatus, type SeatTransition } from "./seat-transition.js";

export type { SeatStatus, SeatTransition } from "./seat-transition.js";

export type TrackerOptions = Pick<
  SeatOptions,
  "heldAfterMs" | "entryDebounceMs" | "exitDebounceMs" | "minEntryObservations" | "entryGapMs"
>;

/**
 * State machine of one seat. Entry and exit use separate debounces: a person must be seen for a few
 * seconds to occupy a seat, but must be gone (with no belongings left) much longer to free it, so a
 * detector that misses someone for a frame or two never makes a seat flap. Transitions are back-dated
 * to the first evidence, so durations do not include the debounce delay.
 */
export class SeatTracker {
  readonly seat: string;
  readonly #o: TrackerOptions;
  #state: SeatState = "unknown";
  #since: number;
  #confidence = 1;
  // Start of the current occupancy / vacancy, for stayMs / vacancyMs.
  #occupiedSince: number | undefined;
  #emptySince: number | undefined;
  // Entry candidate: a run of person observations with gaps shorter than entryGapMs.
  #entryStart: number | undefined;
  #entryLast = 0;
  #entryCount = 0;
  readonly #entryScore = new RunningMean();
  // First observation of the current runs without a person / with nothing at all.
  #absentSince: number | undefined;
  #clearSince: number | undefined;
  readonly #clearScore = new RunningMean();
  // Belongings without a person: when first seen (held timer in the empty state), last seen.
  #belongingsSince: number | undefined;
  #lastBelongingsAt: number | undefined;
  readonly #belongScore = new RunningMean();
  // Camera recovery.
  #downAt: number | undefined;
  #beforeUnknown: SeatState | undefined;
  #recoverSince: number | undefined;
  #recoverCount = 0;

  constructor(seat: string, opts: TrackerOptions, now: number) {
    this.seat = seat;
    this.#o = opts;
    this.#since = now;
  }

  status(): SeatStatus {
    return { seat: this.seat, state: this.#state, since: this.#since, confidence: this.#confidence };
  }

  get state(): SeatState {
    return this.#state;
  }

  observe(obs: SeatObservation, now: number): SeatTransition | null {
    const o = this.#o;
    const person = obs.persons > 0;
    const belongings = !person && (obs.objects.length > 0 || obs.leftBehind);
    if (person) {
      if (this.#entryStart === undefined || now - this.#entryLast > o.entryGapMs) this.#resetEntry(now);
      this.#entryLast = now;
      this.#entryCount++;
      this.#entryScore.add(obs.personScore);
      this.#absentSince = undefined;
      this.#belongingsSince = undefined;
      this.#belongScore.reset();
    } else {
      if (this.#entryStart !== undefined && now - this.#entryLast > o.entryGapMs)
        this.#entryStart = undefined;
      this.#absentSince ??= now;
    }
    if (belongings) {
      this.#belongingsSince ??= now;
      this.#lastBelongingsAt = now;
      this.#belongScore.add(
        obs.objects.length > 0 ? obs.objectScore : Math.min(1, 0.5 + (obs.baselineDiff ?? 0)),
      );
    }
    if (person || belongings) {
      this.#clearSince = undefined;
      this.#clearScore.reset();
    } else {
      this.#clearSince ??= now;
      this.#clearScore.add(1 - obs.nearScore);
    }
    const settledClear = this.#clearSince !== undefined && now - this.#clearSince >= o.exitDebounceMs;
    if (settledClear) {
      this.#belongingsSince = undefined;
      this.#belongScore.reset();
    }
    const entryReady =
      person &&
      this.#entryStart !== undefined &&
      this.#entryCount >= o.minEntryObservations &&
      now - this.#entryStart >= o.entryDebounceMs;
    const evidence = { persons: obs.persons, objects: obs.objects, baselineDiff: obs.baselineDiff };

    switch (this.#state) {
      case "unknown":
        return this.#resolveUnknown(entryReady, person, now, evidence);
      case "empty":
        if (entryReady) return this.#toOccupied(this.#entryStart ?? now, evidence);
        if (this.#belongingsSince !== undefined && now - this.#belongingsSince >= o.heldAfterMs) {
          const at = this.#belongingsSince + o.heldAfterMs;
          return this.#go("held", at, this.#belongScore.value(0.5), evidence, {
            vacancyMs: durationMs(at - (this.#emptySince ?? at)),
          });
        }
        return null;
      case "occupied":
        if (settledClear) return this.#toEmpty(this.#clearSince ?? now, evidence);
        if (
          this.#absentSince !== undefined &&
          now - this.#absentSince >= o.heldAfterMs &&
          (this.#lastBelongingsAt ?? -Infinity) >= this.#absentSince
        ) {
          const at = this.#absentSince + o.heldAfterMs;
          return this.#go("held", at, this.#belongScore.value(0.5), evidence, {
            stayMs: durationMs(this.#absentSince - (this.#occupiedSince ?? this.#absentSince)),
          });
        }
        return null;
      case "held":
        if (entryReady) return this.#toOccupied(this.#entryStart ?? now, evidence);
        if (settledClear) return this.#toEmpty(this.#clearSince ?? now, evidence);
        return null;
    }
  }

  /** The camera stopped delivering frames: nothing is known about the seat any more. */
  cameraDown(now: number): SeatTransition | null {
    this.#resetEntry(undefined);
    this.#absentSince = undefined;
    this.#clearSince = undefined;
    this.#clearScore.reset();
    this.#belongingsSince = undefined;
    this.#belongScore.reset();
    this.#recoverSince = undefined;
    this.#recoverCount = 0;
    if (this.#state === "unknown") return null;
    this.#beforeUnknown = this.#state;
    this.#downAt = now;
    return this.#go("unknown", now, 1, { persons: 0, objects: [], baselineDiff: undefined }, {});
  }

  #resolveUnknown(
    entryReady: boolean,
    person: boolean,
    now: number,
    evidence: SeatTransition["evidence"],
  ): SeatTransition | null {
    this.#recoverSince ??= now;
    this.#recoverCount++;
    // A short outage cannot have hidden a whole visit, so the running stay/vacancy carries over.
    const brief = this.#downAt !== undefined && this.#recoverSince - this.#downAt <= this.#o.exitDebounceMs;
    if (entryReady) {
      if (!(brief && this.#beforeUnknown === "occupied")) this.#occupiedSince = this.#entryStart;
      return this.#go("occupied", this.#entryStart ?? now, this.#entryScore.value(0.5), evidence, {});
    }
    const settled =
      now - this.#recoverSince >= this.#o.entryDebounceMs &&
      this.#recoverCount >= this.#o.minEntryObservations;
    // While someone is in view, wait for the entry debounce rather than call the seat empty.
    if (!settled || person) return null;
    const sawBelongings =
      this.#lastBelongingsAt !== undefined && this.#lastBelongingsAt >= this.#recoverSince;
    if (this.#beforeUnknown === "held" && sawBelongings && this.#clearSince === undefined) {
      return this.#go("held", this.#recoverSince, this.#belongScore.value(0.5), evidence, {});
    }
    // Belongings seen without a known owner: empty for now; the held timer runs from here.
    if (!(brief && this.#beforeUnknown === "empty")) this.#emptySince = this.#recoverSince;
    return this.#go("empty", this.#recoverSince, this.#clearScore.value(0.5), evidence, {});
  }

  #toOccupied(at: number, evidence: SeatTransition["evidence"]): SeatTransition {
    const vacancyMs = this.#state === "empty" ? durationMs(at - (this.#emptySince ?? at)) : undefined;
    this.#occupiedSince = at;
    return this.#go(
      "occupied",
      at,
      this.#entryScore.value(0.5),
      evidence,
      vacancyMs === undefined ? {} : { vacancyMs },
    );
  }

  #toEmpty(at: number, evidence: SeatTransition["evidence"]): SeatTransition {
    const stayMs = this.#state === "occupied" ? durationMs(at - (this.#occupiedSince ?? at)) : undefined;
    this.#emptySince = at;
    return this.#go(
      "empty",
      at,
      this.#clearScore.value(0.5),
      evidence,
      stayMs === undefined ? {} : { stayMs },
    );
  }

  #go(
    to: SeatState,
    at: number,
    confidence: number,
    evidence: SeatTransition["evidence"],
    durations: { vacancyMs?: number; stayMs?: number },
  ): SeatTransition {
    const from = this.#state;
    // Back-dating never goes before the previous transition: events stay in order.
    const when = Math.max(Math.round(at), this.#since);
    this.#state = to;
    this.#since = when;
    this.#confidence = Math.round(confidence * 1000) / 1000;
    const { baselineDiff, ...rest } = evidence;
    return {
      seat: this.seat,
      from,
      to,
      at: when,
      ...durations,
      confidence: this.#confidence,
      evidence:
        baselineDiff === undefined ? rest : { ...rest, baselineDiff: Math.min(1, Math.max(0, baselineDiff)) },
    };
  }

  #resetEntry(start: number | undefined): void {
    this.#entryStart = start;
    this.#entryCount = 0;
    this.#entryScore.reset();
  }
}
