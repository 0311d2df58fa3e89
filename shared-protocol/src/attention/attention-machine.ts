import { type Calibration, Calibrator, MIN_CALIBRATION_SAMPLES } from "./calibration.js";
import { type Blink, EyeTracker } from "./eye-tracker.js";
import type { FaceSample } from "./face-sample.js";
import { type AttentionThresholds, attentionThresholdsSchema } from "./thresholds.js";

/**
 * The same union as `attentionStateSchema` in messages/attention.ts (attention-machine.test.ts checks
 * they match). Not imported from there: messages/ imports this folder, and folders import one way only.
 */
export type AttentionState = "focused" | "drowsy" | "yawning" | "distracted" | "absent";

export interface AttentionInput {
  /** Capture time, ms; inputs come in time order. */
  at: number;
  /** null: no face in this frame. */
  face: FaceSample | null;
}

export type AttentionAlertKind = Exclude<AttentionState, "focused">;

export interface AttentionUpdate {
  state: AttentionState;
  /** Set on the push that changed the state; durationMs is how long `from` lasted. */
  changed?: { from: AttentionState; to: AttentionState; at: number; durationMs: number };
  /** Once per episode (focused → … → focused) and kind; `since` is when the condition began. */
  alert?: { kind: AttentionAlertKind; since: number; durationMs: number };
  /** A completed blink, reported on the push where the eye is open again. */
  blink?: Blink;
  calibrated: boolean;
}

/** When several conditions are sustained at once, the first listed wins. */
const PRIORITY: readonly AttentionAlertKind[] = ["absent", "yawning", "drowsy", "distracted"];
const BIT: Record<AttentionAlertKind, number> = { absent: 1, yawning: 2, drowsy: 4, distracted: 8 };

/**
 * The attention state of one person from face samples: focused / drowsy / yawning / distracted /
 * absent. Each non-focused state needs its condition to hold for a window (no alarm on one frame) and,
 * once entered, lasts until its condition has been clear for `recoverMs` (hysteresis). While the head
 * is turned away the EAR is foreshortened and meaningless, so eyes are not judged then. Every push is
 * O(1) with no allocation beyond the returned update.
 */
export class AttentionMachine {
  private readonly t: AttentionThresholds;
  private readonly eyes: EyeTracker;
  private readonly calibrator = new Calibrator();
  private calibrationStart = Number.NaN;
  private calibrationResult: Calibration | undefined;
  private neutralYaw = 0;
  private neutralPitch = 0;
  private current: AttentionState = "focused";
  private currentSince = Number.NaN;
  private blinkCount = 0;
  // Onsets of the raw conditions, NaN while they do not hold.
  private noFaceSince = Number.NaN;
  private awaySince = Number.NaN;
  private yawnSince = Number.NaN;
  private lastFaceAway = false;
  /** Start of the current run of frames with a face. */
  private faceRunStart = Number.NaN;
  /** When the current state's condition stopped holding (for recoverMs), NaN while it holds. */
  private clearSince = Number.NaN;
  /** Kinds already alerted in this episode. */
  private alerted = 0;

  constructor(thresholds: Partial<AttentionThresholds> = {}) {
    this.t = attentionThresholdsSchema.parse(thresholds);
    this.eyes = new EyeTracker(this.t);
  }

  get state(): AttentionState {
    return this.current;
  }
  /** Start of the current state (ms); the first push's time until the first change. */
  get since(): number {
    return this.currentSince;
  }
  get blinks(): number {
    return this.blinkCount;
  }
  get calibrated(): boolean {
    return this.calibrationResult !== undefined;
  }
  /** The learnt open-eye EAR and neutral pose, once calibrated. */
  get calibration(): Calibration | undefined {
    return this.calibrationResult;
  }
  get thresholds(): Readonly<AttentionThresholds> {
    return this.t;
  }

  push(input: AttentionInput): AttentionUpdate {
    const { at, face } = input;
    if (Number.isNaN(this.currentSince)) this.currentSince = at;
    let blink: Blink | undefined;
    if (face === null) {
      if (Number.isNaN(this.noFaceSince)) this.noFaceSince = at;
      this.faceRunStart = Number.NaN;
      this.eyes.reset();
      this.yawnSince = Number.NaN;
      // A face lost while turned away is still someone looking away; a frontal face that vanishes is not.
      if (!this.lastFaceAway) this.awaySince = Number.NaN;
    } else {
      // One frame with a "face" (a detector false positive in an empty room) does not end an absence.
      if (Number.isNaN(this.faceRunStart)) this.faceRunStart = at;
      if (at - this.faceRunStart >= this.t.presentMs) this.noFaceSince = Number.NaN;
      this.calibrate(at, face);
      const away =
        Math.abs(face.yaw - this.neutralYaw) > this.t.distractedYawDeg ||
        Math.abs(face.pitch - this.neutralPitch) > this.t.distractedPitchDeg;
      this.lastFaceAway = away;
      if (away) {
        if (Number.isNaN(this.awaySince)) this.awaySince = at;
        this.eyes.reset();
      } else {
        this.awaySince = Number.NaN;
        blink = this.eyes.push(at, face.ear);
        if (blink) this.blinkCount++;
      }
      if (face.mar >= this.t.yawnMar) {
        if (Number.isNaN(this.yawnSince)) this.yawnSince = at;
      } else if (face.mar < this.t.yawnMar * this.t.yawnEndRatio) this.yawnSince = Number.NaN;
    }
    return this.decide(at, blink);
  }

  private decide(at: number, blink: Blink | undefined): AttentionUpdate {
    const state = this.current;
    let target: AttentionState = "focused";
    for (const kind of PRIORITY) {
      const onset = this.onset(kind);
      if (at - onset >= this.window(kind)) {
        target = kind;
        break;
      }
    }
    let next = state;
    if (state !== "focused") {
      if (!Number.isNaN(this.onset(state))) this.clearSince = Number.NaN;
      else if (Number.isNaN(this.clearSince)) this.clearSince = at;
    }
    if (target !== "focused") {
      // A sustained condition takes over unless the current state still holds and outranks it.
      const holds = state !== "focused" && Number.isNaN(this.clearSince);
      if (state === "focused" || (target !== state && (!holds || rank(target) < rank(state)))) next = target;
    } else if (state !== "focused" && at - this.clearSince >= this.t.recoverMs) next = "focused";

    const update: AttentionUpdate = { state: next, calibrated: this.calibrated };
    if (blink) update.blink = blink;
    if (next === state) return update;
    update.changed = { from: state, to: next, at, durationMs: at - this.currentSince };
    if (next === "focused") this.alerted = 0;
    else if ((this.alerted & BIT[next]) === 0) {
      this.alerted |= BIT[next];
      const since = this.onset(next);
      update.alert = { kind: next, since, durationMs: at - since };
    }
    this.current = next;
    this.currentSince = at;
    this.clearSince = Number.NaN;
    return update;
  }

  private onset(kind: AttentionState): number {
    switch (kind) {
      case "absent":
        return this.noFaceSince;
      case "yawning":
        return this.yawnSince;
      case "drowsy":
        return this.eyes.closedSince;
      case "distracted":
        return this.awaySince;
      default:
        return Number.NaN;
    }
  }

  private window(kind: AttentionAlertKind): number {
    const t = this.t;
    return kind === "absent"
      ? t.absentMs
      : kind === "yawning"
        ? t.yawnMs
        : kind === "drowsy"
          ? t.drowsyMs
          : t.distractedMs;
  }

  private calibrate(at: number, face: FaceSample): void {
    if (this.calibrationResult) return;
    if (Number.isNaN(this.calibrationStart)) this.calibrationStart = at;
    this.calibrator.add(face.ear, face.yaw, face.pitch);
    if (
      at - this.calibrationStart < this.t.calibrationMs ||
      this.calibrator.samples < MIN_CALIBRATION_SAMPLES
    ) {
      // Until then: yaw 0 is frontal for any face (faces are symmetric), but the pitch of a frontal face
      // depends on the face's shape and the camera height (0–20° on the clips), so use the median so far.
      // Every fourth sample keeps the histogram walk off most pushes.
      if ((this.calibrator.samples & 3) === 1)
        this.neutralPitch = this.calibrator.provisionalPitch(this.t.neutralMaxDeg);
      return;
    }
    const result = this.calibrator.result(this.t.neutralMaxDeg);
    this.calibrationResult = result;
    this.neutralYaw = result.neutralYaw;
    this.neutralPitch = result.neutralPitch;
    this.eyes.calibrate(result.openEar);
  }
}

function rank(state: AttentionState): number {
  return state === "focused" ? PRIORITY.length : PRIORITY.indexOf(state);
}
