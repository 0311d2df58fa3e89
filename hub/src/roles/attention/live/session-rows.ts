import { type AttentionState, type FocusSource, uuidv7 } from "@sitewatch/shared-protocol";
import type { AttentionUpdate, FaceSample } from "@sitewatch/shared-protocol/attention";
import type { AttentionRow } from "../attention-sinks.js";

/** Whose session it is, and when it began (hub clock). */
export interface SessionIdentity {
  id: string;
  site: string;
  learner: string;
  source: FocusSource;
  language: string | undefined;
  startedAt: number;
}

/**
 * A learner session's changes and alerts as attentionSink rows, shaped like an edge camera's
 * (ingest's attention handlers) so reports read both alike; no device or camera sends them.
 */
const owner = (who: SessionIdentity) => ({
  siteId: who.site,
  sessionId: who.id,
  deviceId: null,
  cameraId: null,
});

/** What one stored event adds to the session's row: applied only if the event row is new. */
function delta(
  who: SessionIdentity,
  at: number,
  state: string,
  stateMs: Record<string, number>,
  alerts: number,
) {
  return { ...owner(who), startedAt: who.startedAt, at, state, stateMs, alerts };
}

/** A state change at `at` (hub clock); the previous state's time is added to the session. */
export function changeRow(
  who: SessionIdentity,
  at: number,
  c: NonNullable<AttentionUpdate["changed"]>,
  seq: number,
  face: FaceSample | null,
): AttentionRow {
  const durationMs = Math.round(c.durationMs);
  return {
    event: {
      ...owner(who),
      id: uuidv7(at),
      kind: "change",
      fromState: c.from,
      toState: c.to,
      at: new Date(at),
      durationMs,
      // The numbers behind the decision, as an edge camera sends them (pose and the eye mean).
      metrics: face
        ? { ear: face.ear, mar: face.mar, yaw: face.yaw, pitch: face.pitch, roll: face.roll }
        : null,
      confidence: null,
      seq,
    },
    session: delta(who, at, c.to, { [c.from]: durationMs }, 0),
  };
}

/** An alert raised at `at` (hub clock), once its state had lasted `durationMs`. */
export function alertRow(
  who: SessionIdentity,
  at: number,
  kind: Exclude<AttentionState, "focused">,
  durationMs: number,
  seq: number,
): AttentionRow {
  return {
    event: {
      ...owner(who),
      id: uuidv7(at),
      kind: "alert",
      fromState: null,
      toState: kind,
      at: new Date(at),
      durationMs,
      metrics: null,
      confidence: null,
      seq,
    },
    session: delta(who, at, kind, {}, 1),
  };
}
