import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Ocr, type OcrRead } from "../../../vision/ocr/ocr.js";
import { renderPanel } from "../../../vision/ocr/ocr-fixtures.test-support.js";
import { REC_MIN_WIDTH } from "../../../vision/ocr/rec-batch.js";
import { cropTextLine } from "../../../vision/ocr/text-crop.js";
import { cleanText, readPieces } from "./region-reader.js";
import { toRegion } from "./text-region.js";

describe("readPieces with the real recogniser", () => {
  let ocr: Ocr;
  beforeAll(async () => {
    ocr = await Ocr.create({ models: "package", threads: 2 });
  });
  afterAll(async () => {
    await ocr?.close();
  });

  it("gives every region what it reads alone, short regions sharing one run", async () => {
    const panel = await renderPanel({
      lines: ["CSQU 305438 3", "22G1", "PAYLOAD", "TARE"],
      background: "#1f4e8c",
      width: 800,
      height: 420,
    });
    const { image, rects } = await ocr.detectRegions(panel);
    const regions = rects.map(toRegion);
    const crops = regions.map((r) => cropTextLine(image, r.rect));
    // Short and long lines both, so the shared run and the runs of their own are exercised.
    expect(crops.filter((c) => c.width <= REC_MIN_WIDTH).length).toBeGreaterThanOrEqual(2);
    expect(crops.some((c) => c.width > REC_MIN_WIDTH)).toBe(true);

    const alone: OcrRead[] = [];
    for (const crop of crops) alone.push(...(await ocr.readCrops([crop], 1)));
    const pieces = await readPieces(ocr, image, regions);

    expect(pieces.map((p) => p.text)).toEqual(alone.map((r) => cleanText(r.text)));
    pieces.forEach((p, i) => {
      expect(p.region).toBe(regions[i]);
      expect(p.confidence).toBeCloseTo(alone[i]?.confidence ?? Number.NaN, 4);
    });
    expect(pieces.map((p) => p.text)).toEqual(expect.arrayContaining(["22G1", "PAYLOAD", "TARE"]));
    expect(pieces.map((p) => p.text).join("")).toContain("3054383");
  });
});
