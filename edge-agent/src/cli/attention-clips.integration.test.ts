import "../polyfills.js";
import { join } from "node:path";
import { defaultAttentionThresholds } from "@sitewatch/shared-protocol/attention";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasMedia } from "../media.test-support.js";
import { createFaceLandmarker, type FaceLandmarker } from "../vision/face/face-landmarker.js";
import { ATTENTION_MIN_MESH_SCORE, type AttentionAnalysis, analyseAttention } from "./attention-analysis.js";
import {
  FACES_DIR,
  hasFaceClips,
  hasFaceModels,
  isTalkingClip,
  matchBlinks,
  readFaceLabels,
} from "./attention-clips.test-support.js";

const ready = hasMedia && hasFaceClips() && hasFaceModels();
if (!ready) console.warn("attention clips: shared/media/faces or the face models are missing; skipping");

// The real clips through the real models (decode → face mesh → measureFace → AttentionMachine), with the
// default thresholds unless a test says otherwise.
describe.skipIf(!ready)("attention analyser on the real face clips", () => {
  let landmarker: FaceLandmarker;
  const cache = new Map<string, Promise<AttentionAnalysis>>();
  const analyse = (clip: string) => {
    let result = cache.get(clip);
    if (!result) {
      result = analyseAttention(join(FACES_DIR, clip), landmarker);
      cache.set(clip, result);
    }
    return result;
  };

  beforeAll(async () => {
    landmarker = await createFaceLandmarker({ threads: 1, minMeshScore: ATTENTION_MIN_MESH_SCORE });
  });
  afterAll(async () => {
    await landmarker?.close();
  });

  const labels = ready ? readFaceLabels() : [];

  it.each(labels.map((l) => [l.clip, l] as const))(
    "%s: every labelled blink, and no other",
    async (_, label) => {
      const result = await analyse(label.clip);
      const match = matchBlinks(label.blinks, result.events);
      expect({ missed: match.missed, extra: match.extra }).toEqual({ missed: [], extra: [] });
      expect(result.blinks).toBe(label.blinks.length);
    },
  );

  it("finds no yawn in people talking (GRID) or smiling with teeth, nor any other alarm", async () => {
    const talking = labels.filter((l) => isTalkingClip(l.clip) || l.clip === "single_face.mp4");
    expect(talking.length).toBeGreaterThanOrEqual(8);
    for (const label of talking) {
      const result = await analyse(label.clip);
      const states = new Set(result.frames.map((f) => f.state));
      expect([label.clip, [...states]]).toEqual([label.clip, ["focused"]]);
      // The talking is real: mouths open well past closed lips in every GRID clip.
      const widest = Math.max(...result.frames.map((f) => f.face?.mar ?? 0));
      expect(widest).toBeGreaterThan(0.15);
    }
  });

  it("calibrates per person: the open-eye EAR differs between people and is above every blink", async () => {
    const opens = new Map<string, number>();
    for (const clip of ["grid/bbaf2n.mpg", "grid/lbax4n.mpg", "blink-two.mp4"]) {
      const result = await analyse(clip);
      expect(result.calibration).not.toBeNull();
      opens.set(clip, result.calibration?.openEar ?? 0);
    }
    // bbaf2n's eyes are wide open (~0.35), lbax4n's (glasses) and blink-two's much less (~0.29).
    expect((opens.get("grid/bbaf2n.mpg") ?? 0) - (opens.get("grid/lbax4n.mpg") ?? 0)).toBeGreaterThan(0.03);
  });

  it("head-turn GIF: brief turns are not distraction by default, but are once distractedMs is short", async () => {
    const clip = "head-pose-face-detection-female.gif";
    const byDefault = await analyse(clip);
    expect(byDefault.frames.length).toBeGreaterThan(20);
    expect(byDefault.events.filter((e) => e.kind === "distracted")).toEqual([]);
    // The clip is 1.9 s long: its first turn (~0.6 s at ~45°) is "sustained" only for a short window.
    const short = await analyseAttention(join(FACES_DIR, clip), landmarker, {
      thresholds: { distractedMs: 400 },
    });
    const distracted = short.events.filter((e) => e.kind === "distracted");
    expect(distracted.length).toBeGreaterThanOrEqual(1);
    // The face is turned well away from the camera at the start of the clip.
    expect(distracted[0]?.startFrame).toBe(0);
    expect(Math.abs(short.frames[0]?.face?.yaw ?? 0)).toBeGreaterThan(30);
    // She faces the camera (yaw near 0) in between: with a short recovery the episode ends in the clip.
    expect(short.frames.some((f) => Math.abs(f.face?.yaw ?? 99) < 5)).toBe(true);
    const quick = await analyseAttention(join(FACES_DIR, clip), landmarker, {
      thresholds: { distractedMs: 400, recoverMs: 300 },
    });
    expect(quick.events.filter((e) => e.kind === "distracted" && !e.open)).toHaveLength(1);
    expect(quick.frames.at(-1)?.state).toBe("focused");
  });

  it("face/no-face clip: absent once the face has been gone for absentMs, and not before", async () => {
    const result = await analyse("face_noface_h264.mp4");
    const gone = result.frames.findIndex((f, i) => i > 0 && f.face === null);
    expect(gone).toBeGreaterThanOrEqual(70);
    expect(gone).toBeLessThanOrEqual(74);
    const absent = result.events.filter((e) => e.kind === "absent");
    expect(absent).toHaveLength(1);
    expect(Math.abs((absent[0]?.startFrame ?? 0) - gone)).toBeLessThanOrEqual(1);
    const firstAbsent = result.frames.findIndex((f) => f.state === "absent");
    const goneAt = result.frames[gone]?.time ?? 0;
    const absentAt = result.frames[firstAbsent]?.time ?? 0;
    const window = defaultAttentionThresholds.absentMs / 1000;
    expect(absentAt - goneAt).toBeGreaterThanOrEqual(window);
    // Within a frame or two of the window (VFR ~26 fps), never seconds late.
    expect(absentAt - goneAt).toBeLessThan(window + 0.1);
    expect(result.frames.at(-1)?.state).toBe("absent");
    // Before the cut, the man was focused all along.
    expect(result.frames.slice(0, gone).every((f) => f.state === "focused")).toBe(true);
  });
});
