import { paint, syntheticFrame } from "../../analysis/synthetic-frame.test-support.js";
import type { Box, Detection, Detector } from "../../vision/detect/detector.js";
import type { RawImage } from "../../vision/image/raw-image.js";
import type { Analysis, ImageEncoder, RoleEvent } from "../role-module.js";
import { GateAnalyzer } from "./gate-analyzer.js";
import { gateCameraSchema } from "./gate-config.js";
import type { ContainerReader, ReadResult } from "./gate-reader.js";
import type { PassageGroups } from "./passage-group.js";

// A gate camera on fake time: a 320×240 lane, a detector and a reader that say what the test tells
// them, and a truck painted where the detector claims it is.

export const W = 320;
export const H = 240;
export const CODE = "CSQU3054383";
export const WRONG = "CSQU3054384"; // check digit fails
export const empty = syntheticFrame(W, H);
export const truckBox = (x: number): Box => [x, 80, x + 100, 160];
export const truckAt = (x: number) => paint(empty, x, 80, x + 100, 160, 30);
/** A truck sliding left to right through the picture, 20 px per frame. */
export const slide = Array.from({ length: 12 }, (_, i) => 10 + 20 * i);

export const gateCamera = (extra: Record<string, unknown> = {}) =>
  gateCameraSchema.parse({
    id: "lane",
    name: "Lane",
    url: "rtsp://fake/s",
    role: "gate",
    // Drawn bottom to top through the middle: left to right is "in".
    directionLine: [
      [0.5, 1],
      [0.5, 0],
    ],
    lostAfterFrames: 2,
    maxOcrFrames: 3,
    ...extra,
  });

type Answer = (region: Readonly<Box>) => ReadResult[];

export interface GateSetupOptions {
  shared?: { groups: PassageGroups; clock: { now: number } };
  encodeImage?: ImageEncoder;
}

export function setupGate(extra: Record<string, unknown> = {}, options: GateSetupOptions = {}) {
  const { shared } = options;
  const clock = shared?.clock ?? { now: 1_000_000 };
  let boxes: Box[] = [];
  const calls = { detect: 0, read: [] as Box[] };
  const detector: Detector = {
    name: "fake",
    labels: ["person", "car", "truck"],
    detect: async () => {
      calls.detect += 1;
      return boxes.map((box) => ({ label: "truck", classId: 2, score: 0.9, box }) satisfies Detection);
    },
    close: async () => {},
  };
  let answers: Answer[] = [];
  const reader: ContainerReader = {
    read: async (_frame, region) => {
      calls.read.push([...region] as Box);
      const answer = answers[Math.min(calls.read.length - 1, answers.length - 1)];
      return answer ? answer(region) : [];
    },
  };
  const gate = new GateAnalyzer(gateCamera(extra), {
    detector,
    reader,
    scoreThreshold: 0.3,
    now: () => clock.now,
    group: shared ? (name) => shared.groups.get(name) : undefined,
    encodeImage: options.encodeImage,
  });
  const step = async (frame: RawImage, seen: Box[], live = false): Promise<Analysis> => {
    clock.now += 500;
    boxes = seen;
    return gate.analyse({ ...frame, capturedAt: clock.now }, { live });
  };
  /** The reader's answers, one per read in order; the last one repeats. */
  const answer = (...a: Answer[]) => {
    answers = a;
  };
  return { gate, step, calls, clock, answer };
}

/** A reader answer: `code` painted near the region's left edge. */
export const codeIn = (code: string, valid: boolean) => (region: Readonly<Box>) => [
  { code, valid, confidence: 0.9, box: [region[0] + 5, 95, region[0] + 60, 110] as Box, rawText: code },
];

export const entries = (events: readonly RoleEvent[]) => events.filter((e) => e.kind === "gateEntry");
