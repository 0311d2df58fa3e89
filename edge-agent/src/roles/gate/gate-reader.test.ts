import { describe, expect, it } from "vitest";
import { syntheticFrame } from "../../analysis/synthetic-frame.test-support.js";
import type { RawImage } from "../../vision/image/raw-image.js";
import { type PictureCodeReader, regionReader } from "./gate-reader.js";

const frame = syntheticFrame(200, 100);

/** A picture reader that reports what it was shown and answers with fixed codes (crop pixels). */
function fake(codes: Awaited<ReturnType<PictureCodeReader["read"]>>["codes"]) {
  const shown: RawImage[] = [];
  const reader: PictureCodeReader = {
    read: async (picture) => {
      shown.push(picture);
      return { codes };
    },
  };
  return { reader, shown };
}

const reading = { confidence: 0.8, box: [2, 3, 40, 12] as const, sizeType: null };

describe("regionReader", () => {
  it("reads only the tracked region and puts the boxes back into frame pixels", async () => {
    const { reader, shown } = fake([
      { ...reading, code: "CSQU3054383", valid: true, rawText: "CSQU3054383" },
    ]);
    const reads = await regionReader(reader).read(frame, [50.4, 20.6, 150, 80]);
    expect(shown.map((p) => [p.width, p.height])).toEqual([[100, 60]]);
    // The crop starts at the region's pixel (50, 20); its content is the frame's.
    expect(shown[0]?.data.subarray(0, 3)).toEqual(
      frame.data.subarray((20 * 200 + 50) * 3, (20 * 200 + 50) * 3 + 3),
    );
    expect(reads).toEqual([
      { code: "CSQU3054383", valid: true, confidence: 0.8, box: [52, 23, 90, 32], rawText: "CSQU3054383" },
    ]);
  });

  it("keeps a reading too short to be a code as raw text only, never as valid, with its size/type", async () => {
    const { reader } = fake([
      { ...reading, code: "CSQU305438", valid: true, rawText: "CSQU305438", sizeType: "22G1" },
    ]);
    const [read] = await regionReader(reader).read(frame, [0, 0, 100, 100]);
    expect(read).toEqual({
      valid: false,
      confidence: 0.8,
      box: [2, 3, 40, 12],
      rawText: "CSQU305438",
      sizeType: "22G1",
    });
  });

  it("reads nothing of a region outside the picture", async () => {
    const { reader, shown } = fake([]);
    expect(await regionReader(reader).read(frame, [300, 0, 400, 50])).toEqual([]);
    expect(shown).toEqual([]);
  });
});
