import type { GateLabel, GateView } from "./gate-labels.js";

/**
 * The gate demo clip's script, worked out before FFmpeg runs so tests know what is on screen when.
 *
 * Each passage is one "vehicle": its views side by side as a strip that slides left to right across a
 * plain grey lane, stops while each view fills the frame, then leaves; an empty lane comes before every
 * passage, so a tracker sees separate passages and a looping stream starts and ends empty.
 */
export interface GateClipSettings {
  width: number;
  height: number;
  fps: number;
  keyframeIntervalS: number;
  /** Time the strip needs to move one frame width. */
  moveS: number;
  /** How long each view stands still, filling the frame. */
  holdS: number;
  /** Empty lane before each passage. */
  gapS: number;
  /** Views shown per passage, in order of appearance. */
  views: readonly GateView[];
  /** Passages in order; undefined = every passage of labels.tsv in file order. */
  passages?: readonly string[];
}

/** Rear from above, then the right side: both show the same (first) container of every passage. */
export const GATE_CLIP_DEFAULTS: GateClipSettings = {
  width: 1280,
  height: 720,
  fps: 10,
  keyframeIntervalS: 2,
  moveS: 1.5,
  holdS: 2.5,
  gapS: 2.5,
  views: ["AH", "RF"],
};

/** One view of a passage; times in seconds from the start of the clip. */
export interface GateViewSpan {
  view: GateView;
  /** Relative to the containers dir. */
  image: string;
  code: string;
  sizeType?: string;
  /** Part of the picture is in view strictly between enterS and leaveS (frames at both are without it). */
  enterS: number;
  /** The picture fills the frame, standing still, from holdFromS to holdToS. */
  holdFromS: number;
  holdToS: number;
  leaveS: number;
}

export interface GatePassageSpan {
  passage: string;
  /** Something of the passage is in view strictly between fromS and toS; the lane is empty otherwise. */
  fromS: number;
  toS: number;
  /** The distinct container codes its views show, in order of appearance. */
  codes: string[];
  views: GateViewSpan[];
}

export interface GateClipTimeline {
  width: number;
  height: number;
  fps: number;
  keyframeIntervalS: number;
  durationS: number;
  /** Vehicles move from the left edge to the right edge of the frame. */
  direction: "left-to-right";
  passages: GatePassageSpan[];
}

/** What FFmpeg renders for one passage: its lead-in gap and the strip's journey, in segment-local time. */
export interface GateClipSegment {
  durationS: number;
  /** Strip pictures from left to right (the last view shown is leftmost). */
  images: string[];
  /** Strip's left edge in pixels at given times; linear in between. */
  motion: { t: number; x: number }[];
}

export interface GateClipPlan {
  timeline: GateClipTimeline;
  segments: GateClipSegment[];
}

export function planGateClip(labels: readonly GateLabel[], settings: GateClipSettings): GateClipPlan {
  const { width, fps, views } = settings;
  const frames = (name: "moveS" | "holdS" | "gapS" | "keyframeIntervalS") => {
    const count = Math.round(settings[name] * fps);
    if (count < 1) throw new Error(`testkit: gate clip ${name} must be at least one frame`);
    return count / fps;
  };
  const [move, hold, gap, keyframeIntervalS] = [
    frames("moveS"),
    frames("holdS"),
    frames("gapS"),
    frames("keyframeIntervalS"),
  ];
  if (views.length === 0) throw new Error("testkit: gate clip needs at least one view");
  const passageIds = settings.passages ?? [...new Set(labels.map((label) => label.passage))];
  const passages: GatePassageSpan[] = [];
  const segments: GateClipSegment[] = [];
  let clock = 0;
  for (const passage of passageIds) {
    const shown = views.map((view) => findLabel(labels, passage, view));
    const start = clock + gap;
    const viewSpans = shown.map((label, k): GateViewSpan => {
      const holdFromS = start + (k + 1) * move + k * hold;
      const span: GateViewSpan = {
        view: label.view,
        image: label.image,
        code: label.code,
        enterS: start + k * (move + hold),
        holdFromS,
        holdToS: holdFromS + hold,
        leaveS: holdFromS + hold + move,
      };
      if (label.sizeType !== undefined) span.sizeType = label.sizeType;
      return span;
    });
    const end = viewSpans[viewSpans.length - 1]?.leaveS ?? start;
    passages.push({
      passage,
      fromS: round(start),
      toS: round(end),
      codes: [...new Set(shown.map((label) => label.code))],
      views: viewSpans.map(roundSpan),
    });
    // The strip starts just off the left edge; stop k puts view k (panel n-1-k) exactly in the frame.
    const n = shown.length;
    const motion = [{ t: gap, x: -n * width }];
    for (let k = 0; k < n; k++) {
      const x = (k + 1 - n) * width;
      motion.push({ t: gap + (k + 1) * move + k * hold, x }, { t: gap + (k + 1) * (move + hold), x });
    }
    motion.push({ t: gap + (n + 1) * move + n * hold, x: width });
    segments.push({
      durationS: round(end - clock),
      images: shown.map((label) => label.image).reverse(),
      motion: motion.map(({ t, x }) => ({ t: round(t), x })),
    });
    clock = end;
  }
  const timeline: GateClipTimeline = {
    width,
    height: settings.height,
    fps,
    keyframeIntervalS,
    durationS: round(clock),
    direction: "left-to-right",
    passages,
  };
  return { timeline, segments };
}

/** The passage in view at `seconds` (taken modulo the clip, for a looping stream), or undefined on an empty lane. */
export function passageAt(timeline: GateClipTimeline, seconds: number): GatePassageSpan | undefined {
  const t = ((seconds % timeline.durationS) + timeline.durationS) % timeline.durationS;
  return timeline.passages.find((passage) => t >= passage.fromS && t < passage.toS);
}

function findLabel(labels: readonly GateLabel[], passage: string, view: GateView): GateLabel {
  const label = labels.find((candidate) => candidate.passage === passage && candidate.view === view);
  if (label === undefined) throw new Error(`testkit: labels.tsv has no view ${view} of passage ${passage}`);
  return label;
}

function roundSpan(span: GateViewSpan): GateViewSpan {
  return {
    ...span,
    enterS: round(span.enterS),
    holdFromS: round(span.holdFromS),
    holdToS: round(span.holdToS),
    leaveS: round(span.leaveS),
  };
}

/** Millisecond precision: sums of tenths are not exact in binary floating point. */
function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
