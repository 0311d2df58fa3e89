import { defaultAttentionThresholds, measureFace } from "@sitewatch/shared-protocol/attention";
import type { Face, FaceLandmarker } from "../../vision/face/face-landmarker.js";
import type { Analysis, OverlayBox, RoleAnalyzer, RoleEvent, RoleFrame, RoleModule } from "../role-module.js";
import {
  type AttentionCamera,
  type AttentionSettings,
  attentionCameraSchema,
  attentionSettingsOf,
} from "./attention-config.js";
import { AttentionSessions, type SeenFace } from "./attention-sessions.js";

export interface AttentionAnalyzerDeps {
  /** The agent's shared face landmarker (BlazeFace + face mesh); not closed here. */
  readonly faces: Pick<FaceLandmarker, "detect">;
  /** The role's clock, for a camera going down (frames carry their own capture times). */
  now(): number;
}

/**
 * The attention pipeline of one camera: every sampled frame goes through the face landmarker, the
 * largest `maxFaces` faces are measured (EAR, MAR, head pose) and handed to the anonymous per-track
 * sessions, whose state changes and alerts are the events. Only numbers leave: no crop, no landmark,
 * no identity. A live viewer gets the face boxes beside the agent's usual live frame (faces blurred in
 * privacy mode, as snapshots are).
 */
export class AttentionAnalyzer implements RoleAnalyzer<AttentionCamera> {
  #settings: AttentionSettings;
  readonly #sessions: AttentionSessions;

  constructor(
    private camera: AttentionCamera,
    private readonly deps: AttentionAnalyzerDeps,
  ) {
    this.#settings = attentionSettingsOf(camera);
    this.#sessions = new AttentionSessions(camera.id, this.#settings.thresholds, this.#patience());
  }

  async analyse(frame: RoleFrame, opts: { live: boolean }): Promise<Analysis> {
    const started = performance.now();
    const found = await this.deps.faces.detect(frame);
    const inferenceMs = performance.now() - started;
    const faces = largest(found, this.#settings.maxFaces).map(
      (f): SeenFace => ({ box: f.box, score: f.score, sample: measureFace(f.landmarks) }),
    );
    const events = this.#sessions.observe(faces, frame.capturedAt);
    return { events, inferenceMs, ...(opts.live ? { overlay: this.#overlay() } : {}) };
  }

  /** Focus changes are one-off events; the hub adds them up per session, nothing to restate. */
  snapshot(): RoleEvent[] {
    return [];
  }

  cameraDown(): RoleEvent[] {
    return this.#sessions.endAll(this.deps.now());
  }

  reconfigure(camera: AttentionCamera): RoleEvent[] {
    this.camera = camera;
    this.#settings = attentionSettingsOf(camera);
    this.#sessions.configure(this.#settings.thresholds, this.#patience());
    return [];
  }

  /** `attention[<camera>]` in agent-state.json: each live session's state, never a face. */
  state() {
    return { attention: this.#sessions.views() };
  }

  /**
   * A face unmatched for the absent window is gone for good, so the tracker keeps its track that long
   * (in frames at the camera's rate; slower analysis only makes it keep it longer) and a face re-found
   * within the window stays the same session.
   */
  #patience(): number {
    const absentMs = this.#settings.thresholds.absentMs ?? defaultAttentionThresholds.absentMs;
    return Math.max(2, Math.ceil(absentMs / this.camera.intervalMs) + 1);
  }

  #overlay(): OverlayBox[] {
    return this.#sessions.tracks().map((t) => ({
      label: "face",
      classId: 0,
      score: t.score,
      box: [...t.box] as OverlayBox["box"],
      track: t.id,
      state: "tracking",
    }));
  }
}

/** The `max` largest faces, largest first: the people nearest the camera. */
function largest(faces: readonly Face[], max: number): Face[] {
  const area = (f: Face) => (f.box[2] - f.box[0]) * (f.box[3] - f.box[1]);
  return [...faces].sort((a, b) => area(b) - area(a)).slice(0, max);
}

/**
 * The attention role: the agent's shared face landmarker, an AttentionAnalyzer per camera. Capture
 * samples at the camera's `intervalMs` all the time (blinks and yawns need the frame rate even when
 * nothing moves); the hub pushes no attention settings of its own, so the device's file decides.
 */
export const attentionRole: RoleModule<typeof attentionCameraSchema, "faceMesh"> = {
  camera: attentionCameraSchema,
  models: ["faceMesh"],
  capture: (camera) => ({ intervalMs: camera.intervalMs, maxWidth: camera.maxWidth }),
  create: (camera, ctx) =>
    new AttentionAnalyzer(camera, { faces: ctx.models.faceMesh, now: () => ctx.now() }),
};
