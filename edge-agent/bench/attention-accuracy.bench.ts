import "../src/polyfills.js";
import { join } from "node:path";
import { AttentionMachine, type Landmarks, measureFace } from "@sitewatch/shared-protocol/attention";
import { type BenchRow, reportBench } from "@sitewatch/testkit/bench";
import { quietFfmpeg } from "../src/agent-config/probe-camera.js";
import { ATTENTION_MIN_MESH_SCORE, analyseAttention } from "../src/cli/attention-analysis.js";
import {
  FACES_DIR,
  hasFaceClips,
  hasFaceModels,
  isTalkingClip,
  matchBlinks,
  readFaceLabels,
} from "../src/cli/attention-clips.test-support.js";
import { createFaceLandmarker, type FaceLandmarker } from "../src/vision/face/face-landmarker.js";

// Accuracy of the attention analyser on the real, hand-labelled face clips (shared/media/faces), through
// the same path as `edge-agent attention` (FFmpeg decode → face mesh → measureFace → AttentionMachine),
// with the default thresholds; then the speed of the analyser alone on the meshes those clips produced.

if (!hasFaceClips() || !hasFaceModels()) {
  console.error(
    "attention accuracy: shared/media/faces or the face models are missing (run the edge-agent build)",
  );
  process.exit(1);
}
quietFfmpeg();

/** Records every mesh the landmarker returns, for the analyser-only timing. */
function recording(inner: FaceLandmarker, meshes: Landmarks[]): FaceLandmarker {
  return {
    async detect(frame) {
      const faces = await inner.detect(frame);
      for (const f of faces) meshes.push(f.landmarks);
      return faces;
    },
    close: () => inner.close(),
  };
}

const landmarker = await createFaceLandmarker({ threads: 1, minMeshScore: ATTENTION_MIN_MESH_SCORE });
const meshes: Landmarks[] = [];
const recorder = recording(landmarker, meshes);
let labelled = 0;
let found = 0;
let matched = 0;
let talkingSeconds = 0;
let talkingYawns = 0;
let frames = 0;
let pipelineMs = 0;
for (const label of readFaceLabels()) {
  const started = performance.now();
  const result = await analyseAttention(join(FACES_DIR, label.clip), recorder);
  pipelineMs += performance.now() - started;
  frames += result.frames.length;
  const match = matchBlinks(label.blinks, result.events);
  labelled += label.blinks.length;
  found += result.events.filter((e) => e.kind === "blink").length;
  matched += match.matched;
  if (match.missed.length || match.extra.length)
    console.log(
      `${label.clip}: missed ${JSON.stringify(match.missed)}, extra ${JSON.stringify(match.extra)}`,
    );
  if (isTalkingClip(label.clip)) {
    talkingSeconds += result.frames.at(-1)?.time ?? 0;
    talkingYawns += result.events.filter((e) => e.kind === "yawning").length;
  }
}
await landmarker.close();

/** Samples per second of `work` over `samples` inputs, best of three rounds of at least ~1 s. */
function rate(samples: number, work: () => void): number {
  let best = 0;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    let done = 0;
    while (performance.now() - started < 1000) {
      work();
      done += samples;
    }
    best = Math.max(best, (done * 1000) / (performance.now() - started));
  }
  return best;
}

// One machine per 30 fps stream, as the hub keeps one per session.
const faces = meshes.map((m) => measureFace(m));
let clock = 0;
const machine = new AttentionMachine();
const fullRate = rate(meshes.length, () => {
  for (const m of meshes) {
    clock += 33.3;
    machine.push({ at: clock, face: measureFace(m) });
  }
});
const pushRate = rate(faces.length, () => {
  for (const f of faces) {
    clock += 33.3;
    machine.push({ at: clock, face: f });
  }
});

const rows: BenchRow[] = [
  { name: "labelled blinks", value: labelled, unit: "blinks" },
  {
    name: "blink recall (±2 frames)",
    value: (100 * matched) / Math.max(1, labelled),
    unit: "%",
    target: "100 %",
  },
  {
    name: "blink precision (±2 frames)",
    value: (100 * matched) / Math.max(1, found),
    unit: "%",
    target: "100 %",
  },
  { name: "talking analysed (GRID clips)", value: talkingSeconds / 60, unit: "min" },
  {
    name: "false yawns per minute of talking",
    value: talkingYawns / Math.max(1e-9, talkingSeconds / 60),
    unit: "/min",
    target: "0",
  },
  {
    name: "analyser alone: measureFace + push",
    value: Math.round(fullRate),
    unit: "analyses/s (1 core)",
    target: "≥ 30 per browser; hub 1,500/s",
  },
  {
    name: "analyser alone: push of a FaceSample (hub path)",
    value: Math.round(pushRate),
    unit: "pushes/s (1 core)",
    target: "≥ 1,500/s",
  },
  {
    name: "whole CLI path: decode + face mesh + analyser",
    value: (frames * 1000) / pipelineMs,
    unit: "frames/s (1 thread)",
  },
];
reportBench(
  "attention accuracy",
  rows,
  `All ${readFaceLabels().length} clips of shared/media/faces (labels.json, blinks marked by eye ±1–2 frames) through ` +
    "`edge-agent attention`'s path with the default thresholds; a blink counts when both ends are within 2 frames of a " +
    `labelled one. The analyser-only rates replay the ${meshes.length} meshes the clips produced through one AttentionMachine.`,
);
