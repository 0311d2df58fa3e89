import { describe, expect, it } from "vitest";
import { GATE_CLIP_DEFAULTS, type GateClipSettings, passageAt, planGateClip } from "./gate-clip-plan.js";
import { parseGateLabels } from "./gate-labels.js";

// Two passages in labels.tsv's format (the real file has five); the second's AH has no size/type.
const LABELS = parseGateLabels(
  [
    "image\tpassage\tview\tcode\tsize_type",
    "p1/a-AH.jpg\tp1\tAH\tBEAU2656931\t22G1",
    "p1/a-AS.jpg\tp1\tAS\tTRHU1700369\t22G1",
    "p1/a-RF.jpg\tp1\tRF\tBEAU2656931\t22G1",
    "p2/b-AH.jpg\tp2\tAH\tPCIU2743129\t",
    "p2/b-RF.jpg\tp2\tRF\tPCIU2743129\t22G1",
    "",
  ].join("\n"),
);
const SETTINGS: GateClipSettings = { ...GATE_CLIP_DEFAULTS, moveS: 1, holdS: 2, gapS: 3 };

describe("parseGateLabels", () => {
  it("reads every row, leaving out an empty size/type", () => {
    expect(LABELS).toHaveLength(5);
    expect(LABELS[3]).toEqual({ image: "p2/b-AH.jpg", passage: "p2", view: "AH", code: "PCIU2743129" });
    expect(LABELS[4]?.sizeType).toBe("22G1");
  });

  it("rejects an unknown view and a missing column", () => {
    expect(() => parseGateLabels("image\tpassage\tview\tcode\tsize_type\nx.jpg\tp\tXX\tC\t")).toThrow(
      /line 2/,
    );
    expect(() => parseGateLabels("image\tpassage\tview\tcode\nx.jpg\tp\tAH\tC")).toThrow(/size_type/);
  });
});

describe("planGateClip", () => {
  const { timeline, segments } = planGateClip(LABELS, SETTINGS);

  it("puts a gap before each passage and a stop per view", () => {
    // Per passage: 3 s gap, then move 1, hold 2, move 1, hold 2, move 1 = 7 s of vehicle.
    expect(timeline.durationS).toBe(20);
    expect(timeline.passages.map((p) => [p.passage, p.fromS, p.toS])).toEqual([
      ["p1", 3, 10],
      ["p2", 13, 20],
    ]);
    const [ah, rf] = timeline.passages[0]?.views ?? [];
    expect(ah).toMatchObject({
      view: "AH",
      enterS: 3,
      holdFromS: 4,
      holdToS: 6,
      leaveS: 7,
      sizeType: "22G1",
    });
    expect(rf).toMatchObject({ view: "RF", enterS: 6, holdFromS: 7, holdToS: 9, leaveS: 10 });
    expect(timeline.passages[1]?.views[0]?.sizeType).toBeUndefined();
  });

  it("lists each passage's distinct codes", () => {
    expect(timeline.passages.map((p) => p.codes)).toEqual([["BEAU2656931"], ["PCIU2743129"]]);
    const twoBoxes = planGateClip(LABELS, { ...SETTINGS, views: ["AH", "AS"], passages: ["p1"] });
    expect(twoBoxes.timeline.passages[0]?.codes).toEqual(["BEAU2656931", "TRHU1700369"]);
  });

  it("moves the strip from off the left edge to off the right edge, standing still at each view", () => {
    const w = SETTINGS.width;
    const first = segments[0];
    expect(first?.images).toEqual(["p1/a-RF.jpg", "p1/a-AH.jpg"]);
    expect(first?.durationS).toBe(10);
    expect(first?.motion).toEqual([
      { t: 3, x: -2 * w },
      { t: 4, x: -w },
      { t: 6, x: -w },
      { t: 7, x: 0 },
      { t: 9, x: 0 },
      { t: 10, x: w },
    ]);
  });

  it("rounds times to whole frames", () => {
    const plan = planGateClip(LABELS, { ...SETTINGS, fps: 10, moveS: 1.234, holdS: 2.06, gapS: 0.5 });
    const view = plan.timeline.passages[0]?.views[0];
    expect(view).toMatchObject({ enterS: 0.5, holdFromS: 1.7, holdToS: 3.8 });
  });

  it("refuses a passage without the asked view and steps shorter than a frame", () => {
    expect(() => planGateClip(LABELS, { ...SETTINGS, views: ["LB"] })).toThrow(/no view LB of passage p1/);
    expect(() => planGateClip(LABELS, { ...SETTINGS, holdS: 0.01 })).toThrow(/holdS/);
  });
});

describe("passageAt", () => {
  const { timeline } = planGateClip(LABELS, SETTINGS);

  it("names the passage in view, nothing in a gap, and wraps around for a looping stream", () => {
    expect(passageAt(timeline, 1)).toBeUndefined();
    expect(passageAt(timeline, 3)?.passage).toBe("p1");
    expect(passageAt(timeline, 9.9)?.passage).toBe("p1");
    expect(passageAt(timeline, 10)).toBeUndefined();
    expect(passageAt(timeline, 15)?.passage).toBe("p2");
    expect(passageAt(timeline, 20 + 5)?.passage).toBe("p1");
  });
});
