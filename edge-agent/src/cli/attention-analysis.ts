import { extname } from "node:path";
import type { AttentionState } from "@sitewatch/shared-protocol";
import {
  AttentionMachine,
  type AttentionThresholds,
  type Calibration,
  type FaceSample,
  measureFace,
} from "@sitewatch/shared-protocol/attention";
import { largestFace } from "@sitewatch/shared-protocol/face-mesh";
import { videoFrames } from "../video/video-frames.js";
import type { FaceLandmarker } from "../vision/face/face-landmarker.js";
import { loadRgb, type RawImage } from "../vision/image/raw-image.js";
import { mediaKind } from "./cli-error.js";

/**
 * The mesh model's own face confidence is 1.00 on every real face in the test clips and 0.6–0.86 on the
 * cartoon "faces" the detector finds in an animation; a focus session wants a person, so demand more
 * than the landmarker's default 0.5.
 */
export const ATTENTION_MIN_MESH_SCORE = 0.9;

export interface AttentionFrame {
  frame: number;
  /** Seconds from the first analysed frame. */
  time: number;
  face: FaceSample | null;
  state: AttentionState;
}

export interface AttentionEvent {
  kind: "blink" | Exclude<AttentionState, "focused">;
  startFrame: number;
  /** Last frame of the event (inclusive). */
  endFrame: number;
  start: number;
  end: number;
  /** The input ended while the event was still going on. */
  open?: boolean;
}

export interface AttentionAnalysis {
  width: number;
  height: number;
  frames: AttentionFrame[];
  events: AttentionEvent[];
  blinks: number;
  calibration: Calibration | null;
  thresholds: AttentionThresholds;
}

export interface AnalyseOptions {
  /** Analyse at most this many frames per second of video (default: every frame). */
  fps?: number;
  thresholds?: Partial<AttentionThresholds>;
}

/**
 * Runs the attention machine over a video, an animated GIF or a single picture, one push per decoded
 * frame with the video's own timestamps, so blinks and sustained states come out as they would live.
 * The largest face is the person in front of the camera.
 */
export async function analyseAttention(
  input: string,
  landmarker: FaceLandmarker,
  opts: AnalyseOptions = {},
): Promise<AttentionAnalysis> {
  const machine = new AttentionMachine(opts.thresholds);
  const frames: AttentionFrame[] = [];
  const events: AttentionEvent[] = [];
  let span: AttentionEvent | undefined;
  let size = { width: 0, height: 0 };
  let firstTime: number | undefined;
  // Frame index of a time in ms: the first frame at or after it.
  const frameAt = (ms: number) => {
    const i = frames.findIndex((f) => f.time * 1000 >= ms - 0.5);
    return i < 0 ? frames.length - 1 : i;
  };
  for await (const picture of pictures(input, opts.fps)) {
    firstTime ??= picture.time;
    size = { width: picture.width, height: picture.height };
    const time = picture.time - firstTime;
    const face = largestFace(await landmarker.detect(picture));
    const sample = face ? measureFace(face.landmarks) : null;
    const update = machine.push({ at: time * 1000, face: sample });
    const index = frames.length;
    frames.push({ frame: index, time, face: sample, state: update.state });
    if (update.blink) {
      const { start, end } = update.blink;
      events.push({
        kind: "blink",
        startFrame: frameAt(start),
        endFrame: frameAt(end) - 1,
        start: start / 1000,
        end: end / 1000,
      });
    }
    if (update.changed) {
      if (span) {
        span.endFrame = index - 1;
        span.end = time;
        span = undefined;
      }
      if (update.changed.to !== "focused") {
        // The span starts where its condition began (the alert's `since`), not where the window ran out.
        const start = update.alert?.since ?? update.changed.at;
        span = {
          kind: update.changed.to,
          startFrame: frameAt(start),
          endFrame: index,
          start: start / 1000,
          end: time,
        };
        events.push(span);
      }
    }
  }
  if (span) {
    span.endFrame = frames.length - 1;
    span.end = frames.at(-1)?.time ?? span.end;
    span.open = true;
  }
  events.sort((a, b) => a.startFrame - b.startFrame);
  return {
    ...size,
    frames,
    events,
    blinks: machine.blinks,
    calibration: machine.calibration ?? null,
    thresholds: machine.thresholds,
  };
}

/** Decoded frames with their time in seconds; GIFs go through FFmpeg so every animation frame counts. */
async function* pictures(input: string, fps?: number): AsyncGenerator<RawImage & { time: number }> {
  if (mediaKind(input) === "image" && extname(input).toLowerCase() !== ".gif") {
    yield { ...(await loadRgb(input)), time: 0 };
    return;
  }
  yield* videoFrames(input, { everySeconds: fps ? 1 / fps : 0 });
}
