import {
  AttentionMachine,
  type AttentionThresholds,
  type AttentionUpdate,
  type FaceSample,
} from "@sitewatch/shared-protocol/attention";
import type { Box } from "../../vision/detect/detector.js";
import { type Track, Tracker } from "../gate/tracker.js";
import type { RoleEvent } from "../role-module.js";

/** One face on one frame, measured: where it is and its numbers. Nothing that could identify anyone. */
export interface SeenFace {
  readonly box: Readonly<Box>;
  /** Detector confidence, 0..1. */
  readonly score: number;
  readonly sample: FaceSample;
}

/** A session as agent-state.json and the live view show it. */
export interface SessionView {
  readonly session: string;
  readonly track: number;
  readonly state: AttentionMachine["state"];
  readonly since: number;
  readonly blinks: number;
  readonly calibrated: boolean;
}

interface Session {
  readonly id: string;
  readonly track: number;
  readonly machine: AttentionMachine;
  calibrated: boolean;
}

// Ids live in MQTT topics and payloads (slugs of at most 64 characters): the camera's id, cut so the
// time and track number always fit.
const sessionId = (camera: string, start: number, track: number) =>
  `${camera.slice(0, 40)}-${Math.round(start).toString(36)}-${track}`;

/**
 * Faces of one camera → anonymous tracks (the gate's IoU/centroid tracker over face boxes) → one focus
 * session per track, each with its own AttentionMachine. A session outlives its track: when the face is
 * no longer matched the machine gets "no face" on every frame until it decides `absent` (its absent
 * window), and that change ends the session. A face found after its session ended starts a new one:
 * nothing ties the two together, which is the point. Pure; the caller supplies capture times.
 */
export class AttentionSessions {
  readonly #tracker: Tracker;
  readonly #sessions = new Map<number, Session>();
  #thresholds: Partial<AttentionThresholds>;

  constructor(
    private readonly camera: string,
    thresholds: Partial<AttentionThresholds>,
    /** Frames a face may go unmatched and still be the same track (re-found behind a raised hand). */
    lostAfterFrames: number,
  ) {
    this.#thresholds = thresholds;
    this.#tracker = new Tracker({ lostAfterFrames, minIou: 0.3, maxJump: 0.5 });
  }

  /** New thresholds apply to sessions started from now on; a running session keeps its calibration. */
  configure(thresholds: Partial<AttentionThresholds>, lostAfterFrames: number): void {
    this.#thresholds = thresholds;
    this.#tracker.configure({ lostAfterFrames });
  }

  /** One analysed frame's faces at capture time `at`: the changes and alerts it decided, in order. */
  observe(faces: readonly SeenFace[], at: number): RoleEvent[] {
    const inputs = faces.map((face) => ({ box: face.box, label: "face", score: face.score, face }));
    const { live } = this.#tracker.update(inputs, at);
    const seen = new Map<number, SeenFace>();
    for (const track of live) {
      if (track.missed > 0) continue;
      const face = faceOf(track, inputs);
      if (face) seen.set(track.id, face);
    }
    const events: RoleEvent[] = [];
    for (const track of seen.keys()) {
      if (!this.#sessions.has(track))
        this.#sessions.set(track, {
          id: sessionId(this.camera, at, track),
          track,
          machine: new AttentionMachine(this.#thresholds),
          calibrated: false,
        });
    }
    // Sessions in start order; the ones whose face is gone are told so and may end.
    for (const session of [...this.#sessions.values()]) {
      const face = seen.get(session.track) ?? null;
      events.push(...this.#push(session, face, at));
    }
    return events;
  }

  /**
   * The camera went down: whoever was there can no longer be seen. Each session ends as `absent` now,
   * with confidence 0 because nobody saw them leave; the hub's session stops counting focused time.
   */
  endAll(at: number): RoleEvent[] {
    this.#tracker.clear();
    const events: RoleEvent[] = [];
    for (const session of this.#sessions.values()) {
      const { state, since } = session.machine;
      if (state === "absent") continue;
      events.push(change(session.id, state, "absent", at, at - since, null, 0));
    }
    this.#sessions.clear();
    return events;
  }

  /** Live sessions, oldest first. */
  views(): SessionView[] {
    return [...this.#sessions.values()].map((s) => ({
      session: s.id,
      track: s.track,
      state: s.machine.state,
      since: s.machine.since,
      blinks: s.machine.blinks,
      calibrated: s.calibrated,
    }));
  }

  /** Boxes of the faces matched on the latest frame, with their track ids (for the live view). */
  tracks(): readonly Track[] {
    return this.#tracker.live.filter((t) => t.missed === 0);
  }

  #push(session: Session, face: SeenFace | null, at: number): RoleEvent[] {
    const update: AttentionUpdate = session.machine.push({ at, face: face?.sample ?? null });
    session.calibrated = update.calibrated;
    const events: RoleEvent[] = [];
    if (update.changed) {
      const { from, to, at: changedAt, durationMs } = update.changed;
      // Without a face the machine decided on an absent window of frames that all agreed.
      const confidence = face ? face.score : 1;
      events.push(change(session.id, from, to, changedAt, durationMs, face, confidence));
    }
    if (update.alert) {
      const { kind, since, durationMs } = update.alert;
      const fields = { session: session.id, kind, since: Math.round(since), durationMs: ms(durationMs) };
      events.push({ kind: "attentionAlert", fields });
    }
    // Absent with no face is where a session ends: the next face here, if any, starts another.
    if (!face && update.state === "absent") this.#sessions.delete(session.track);
    return events;
  }
}

type State = AttentionMachine["state"];

function change(
  session: string,
  from: State,
  to: State,
  at: number,
  durationMs: number,
  face: SeenFace | null,
  confidence: number,
): RoleEvent {
  const s = face?.sample;
  // measureFace bounds them as the message's schema does.
  const metrics = s && { ear: s.ear, mar: s.mar, yaw: s.yaw, pitch: s.pitch, roll: s.roll };
  const fields = {
    session,
    from,
    to,
    at: Math.round(at),
    durationMs: ms(durationMs),
    confidence: clamp(confidence, 0, 1),
  };
  return { kind: "attentionChange", fields: metrics ? { ...fields, metrics } : fields };
}

const ms = (value: number) => Math.max(0, Math.round(value));
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * The face a track was matched to on this frame: the input whose box the tracker copied (the tracker
 * keeps no reference to its inputs, and two faces never share a box to the last pixel fraction).
 */
function faceOf(
  track: Track,
  inputs: readonly { box: Readonly<Box>; face: SeenFace }[],
): SeenFace | undefined {
  return inputs.find((i) => i.box.every((v, k) => v === track.box[k]))?.face;
}
