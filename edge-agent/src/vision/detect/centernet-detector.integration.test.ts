import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasMedia, media } from "../../media.test-support.js";
import { modelDir, modelPath } from "../../models/model-cache.js";
import { loadRgb } from "../image/raw-image.js";
import { CenternetDetector } from "./centernet-detector.js";
import { createDetector } from "./create-detector.js";
import type { Box, Detection, Detector } from "./detector.js";
import { iou } from "./nms.js";

const hasModel = existsSync(join(modelDir(), "centernet.onnx"));
if (!hasModel) console.warn("centernet detector: model cache missing (run the edge-agent build); skipping");

const frame = (name: string) => loadRgb(media(name));
const labelled = (dets: Detection[], label: string) => dets.filter((d) => d.label === label);

/** The detection of `label` overlapping `region` most, and that overlap. */
function bestMatch(dets: Detection[], label: string, region: Box): { det?: Detection; overlap: number } {
  let best: { det?: Detection; overlap: number } = { overlap: 0 };
  for (const d of labelled(dets, label)) {
    const overlap = iou(d.box, region);
    if (overlap > best.overlap) best = { det: d, overlap };
  }
  return best;
}

describe.skipIf(!hasMedia || !hasModel)("centernet detector on real media", () => {
  let detector: Detector;
  beforeAll(async () => {
    detector = await createDetector({ model: "centernet", threads: 2 });
  });
  afterAll(async () => {
    await detector?.close();
  });

  it("finds the person in person.jpg where they stand", async () => {
    const dets = await detector.detect(await frame("person.jpg"));
    // Looked up by eye on the 640×424 picture: the person in blue stands at x ≈ 190–275, y ≈ 100–375.
    const { det, overlap } = bestMatch(dets, "person", [190, 100, 275, 375]);
    expect(overlap).toBeGreaterThan(0.6);
    expect(det?.score).toBeGreaterThan(0.5);
    expect(det?.classId).toBe(0);
    // The dog to their left is found too, and nothing is reported as a person elsewhere.
    expect(bestMatch(dets, "dog", [65, 262, 205, 345]).overlap).toBeGreaterThan(0.5);
    expect(labelled(dets, "person")).toHaveLength(1);
  });

  it("finds several people on the beach in kite.jpg", async () => {
    const dets = await detector.detect(await frame("kite.jpg"));
    const people = labelled(dets, "person");
    expect(people.length).toBeGreaterThanOrEqual(5);
    // The two hooded walkers in the lower left, roughly x 110–165 / 215–270, y 610–850.
    expect(bestMatch(people, "person", [112, 610, 165, 757]).overlap).toBeGreaterThan(0.4);
    expect(bestMatch(people, "person", [215, 695, 270, 850]).overlap).toBeGreaterThan(0.4);
    expect(labelled(dets, "kite").length).toBeGreaterThanOrEqual(2);
    for (const d of dets) {
      expect(d.box[0]).toBeGreaterThanOrEqual(0);
      expect(d.box[2]).toBeLessThanOrEqual(1352);
      expect(d.box[3]).toBeLessThanOrEqual(900);
    }
  });

  it("finds the cup in coffee.png", async () => {
    const dets = await detector.detect(await frame("coffee.png"));
    // The cup body with its handle spans x ≈ 170–410, y ≈ 20–300 of the 600×400 picture.
    const { det, overlap } = bestMatch(dets, "cup", [170, 20, 410, 300]);
    expect(overlap).toBeGreaterThan(0.5);
    expect(det?.score).toBeGreaterThan(0.4);
  });

  it("decodes the dense heads exactly like the graph's own detections head", async () => {
    const heatmaps = await CenternetDetector.create(modelPath("centernet"), { threads: 2, head: "heatmaps" });
    try {
      for (const name of ["person.jpg", "kite.jpg"]) {
        const image = await frame(name);
        const opts = { scoreThreshold: 0.15 };
        const summary = (dets: Detection[]) =>
          dets.map((d) => [d.label, d.score.toFixed(4), d.box.map((v) => v.toFixed(2))]);
        const mine = await heatmaps.detect(image, opts);
        expect(mine.length).toBeGreaterThan(3);
        expect(summary(mine)).toEqual(summary(await detector.detect(image, opts)));
      }
    } finally {
      await heatmaps.close();
    }
  });

  it("filters by class, threshold and count", async () => {
    const kite = await frame("kite.jpg");
    const kites = await detector.detect(kite, { classes: ["kite"] });
    expect(kites.length).toBeGreaterThanOrEqual(2);
    expect(kites.every((d) => d.label === "kite")).toBe(true);
    expect(await detector.detect(await frame("person.jpg"), { classes: ["cup"] })).toEqual([]);
    const top = await detector.detect(kite, { maxDetections: 3 });
    expect(top).toHaveLength(3);
    const all = await detector.detect(kite, { scoreThreshold: 0.1 });
    expect(all.length).toBeGreaterThan(top.length);
    expect(top.map((d) => d.score)).toEqual(all.slice(0, 3).map((d) => d.score));
    await expect(detector.detect(kite, { classes: ["unicorn"] })).rejects.toThrow(/unknown class "unicorn"/);
  });
});
