import { describe, expect, it } from "vitest";
import { BLAZEFACE_256_LAYERS, blazefaceAnchors, layerRows } from "./blazeface-anchors.js";

const at = (a: Float32Array, i: number) => [a[i * 2], a[i * 2 + 1]];

describe("blazefaceAnchors", () => {
  it("lays out 512 stride-16 anchors then 384 stride-32 anchors for the 256 model", () => {
    expect(BLAZEFACE_256_LAYERS.map((l) => layerRows(256, l))).toEqual([512, 384]);
    const anchors = blazefaceAnchors(256);
    expect(anchors.length).toBe(896 * 2);
  });

  it("puts anchors on cell centres, repeated per cell, row-major", () => {
    const a = blazefaceAnchors(256);
    // Layer 1: two anchors per 16-px cell.
    expect(at(a, 0)).toEqual([8, 8]);
    expect(at(a, 1)).toEqual([8, 8]);
    expect(at(a, 2)).toEqual([24, 8]);
    expect(at(a, 32)).toEqual([8, 24]);
    expect(at(a, 511)).toEqual([248, 248]);
    // Layer 2: six anchors per 32-px cell.
    for (let i = 512; i < 518; i++) expect(at(a, i)).toEqual([16, 16]);
    expect(at(a, 518)).toEqual([48, 16]);
    expect(at(a, 512 + 8 * 6)).toEqual([16, 48]);
    expect(at(a, 895)).toEqual([240, 240]);
  });

  it("rounds partial cells up for sizes that do not divide evenly", () => {
    const a = blazefaceAnchors(20, [{ stride: 8, perCell: 1 }]);
    expect(a.length / 2).toBe(9);
    expect(at(a, 8)).toEqual([20, 20]);
  });
});
