import type { RoleEvent } from "../role-module.js";
import type { ReadResult } from "./gate-reader.js";

type ActivityEvent = Extract<RoleEvent, { kind: "gateActivity" }>;
type ActivityFields = ActivityEvent["fields"];
type ActivityKind = ActivityFields["event"];

/** A live feed, not a log: a busy frame (several trucks at once) sends its most telling few. */
export const MAX_ACTIVITY_PER_FRAME = 4;

/** The protocol's limits on `text` and `message`. */
const TEXT_MAX = 64;
const MESSAGE_MAX = 200;

/** Lower keeps its place first when a frame has more to say than it may. */
const PRIORITY: Record<ActivityKind, number> = {
  "processing-started": 0,
  "processing-stopped": 0,
  error: 1,
  "ocr-result": 2,
  "capture-attempt": 3,
  detected: 3,
};

/** The read a viewer wants to see: a valid code before guesses, then the most confident. */
function bestRead(reads: readonly ReadResult[]): ReadResult | undefined {
  return [...reads].sort((a, b) => Number(b.valid) - Number(a.valid) || b.confidence - a.confidence)[0];
}

/**
 * What the gate pipeline is doing, as `gateActivity` events for dashboards (QoS 0, not stored): a
 * vehicle confirmed, a read attempted and what it found, a failed read, and the lane starting and
 * stopping to process. Collected while a frame is analysed and taken once at its end.
 */
export class GateActivity {
  #pending: ActivityFields[] = [];
  #processing = false;

  /** The track was seen on enough frames to be a vehicle, not noise. */
  detected(trackId: number): void {
    this.#pending.push({ event: "detected", trackId });
  }

  attempt(trackId: number): void {
    this.#pending.push({ event: "capture-attempt", trackId });
  }

  result(trackId: number, reads: readonly ReadResult[]): void {
    const best = bestRead(reads);
    const text = (best?.code ?? best?.rawText ?? "").slice(0, TEXT_MAX);
    this.#pending.push({
      event: "ocr-result",
      trackId,
      valid: best?.valid ?? false,
      ...(text ? { text } : {}),
    });
  }

  error(message: string, trackId?: number): void {
    this.#pending.push(activityError(message, trackId).fields);
  }

  /**
   * This frame's activity, framed by the lane's change of state (`processing`: a vehicle is in the
   * zone or a passage is still being voted), at most MAX_ACTIVITY_PER_FRAME events in their order.
   */
  take(processing: boolean): RoleEvent[] {
    const events = this.#pending;
    this.#pending = [];
    if (processing && !this.#processing) events.unshift({ event: "processing-started" });
    if (!processing && this.#processing) events.push({ event: "processing-stopped" });
    this.#processing = processing;
    const kept = events
      .map((fields, at) => ({ fields, at }))
      .sort((a, b) => PRIORITY[a.fields.event] - PRIORITY[b.fields.event] || a.at - b.at)
      .slice(0, MAX_ACTIVITY_PER_FRAME)
      .sort((a, b) => a.at - b.at);
    return kept.map(({ fields }) => ({ kind: "gateActivity", fields }) satisfies ActivityEvent);
  }
}

/** An error to report at once, outside any frame's share (a crop that could not be encoded). */
export function activityError(message: string, trackId?: number): ActivityEvent {
  const track = trackId === undefined ? {} : { trackId };
  return {
    kind: "gateActivity",
    fields: { event: "error", ...track, message: message.slice(0, MESSAGE_MAX) },
  };
}
