import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { media } from "../media.test-support.js";
import { modelPath } from "../models/model-cache.js";
import type { AttentionEvent } from "./attention-analysis.js";

/** The real face clips and their hand labels (shared/media/faces/labels.json). */
export const FACES_DIR = media("faces");

export interface FaceClipLabel {
  clip: string;
  fps: number | string;
  frames: number;
  /** [first, last] frame of each labelled blink, 0-based decoded frames, ±1–2 frames by eye. */
  blinks: [number, number][];
  noFace?: [number, number][];
  other?: string;
}

export function hasFaceClips(): boolean {
  return existsSync(join(FACES_DIR, "labels.json"));
}

/** modelPath throws "run the build" when a model is missing; tests then skip instead of failing. */
export function hasFaceModels(): boolean {
  try {
    return Boolean(modelPath("blazeface") && modelPath("facemesh"));
  } catch {
    return false;
  }
}

export function readFaceLabels(): FaceClipLabel[] {
  const raw = JSON.parse(readFileSync(join(FACES_DIR, "labels.json"), "utf8")) as Record<string, unknown>;
  return Object.entries(raw)
    .filter(([clip]) => !clip.startsWith("_"))
    .map(([clip, v]) => {
      const label = v as {
        fps: number | string;
        frames: number;
        blinks?: [number, number][];
        no_face?: [number, number][];
        other?: string;
      };
      return {
        clip,
        fps: label.fps,
        frames: label.frames,
        blinks: label.blinks ?? [],
        noFace: label.no_face,
        other: label.other,
      };
    });
}

/** GRID corpus clips: people reading a sentence aloud, the talking-never-yawns evidence. */
export const isTalkingClip = (clip: string) => clip.startsWith("grid/");

export interface BlinkMatch {
  matched: number;
  /** Labelled blinks with no detected blink within the tolerance. */
  missed: [number, number][];
  /** Detected blinks matching no labelled one. */
  extra: [number, number][];
}

/**
 * Pairs detected blinks with labelled ones when both ends are within `tolerance` frames (the labels are
 * marked by eye, ±1–2 frames); each labelled blink matches at most one detection.
 */
export function matchBlinks(
  labelled: [number, number][],
  events: AttentionEvent[],
  tolerance = 2,
): BlinkMatch {
  const found = events
    .filter((e) => e.kind === "blink")
    .map((e): [number, number] => [e.startFrame, e.endFrame]);
  const used = new Set<number>();
  const missed: [number, number][] = [];
  for (const [start, end] of labelled) {
    const i = found.findIndex(
      ([s, e], k) => !used.has(k) && Math.abs(s - start) <= tolerance && Math.abs(e - end) <= tolerance,
    );
    if (i < 0) missed.push([start, end]);
    else used.add(i);
  }
  return { matched: used.size, missed, extra: found.filter((_, k) => !used.has(k)) };
}
