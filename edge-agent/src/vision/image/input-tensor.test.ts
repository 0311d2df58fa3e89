import { describe, expect, it } from "vitest";
import { InputTensor } from "./input-tensor.js";

/** 2×1 image: a red pixel then a blue one. */
const redBlue = { data: new Uint8Array([255, 0, 0, 0, 0, 255]), width: 2, height: 1 };

describe("InputTensor", () => {
  it("writes planar NCHW with 0..1 scaling into one reused buffer", async () => {
    const t = new InputTensor({
      width: 2,
      height: 1,
      layout: "nchw",
      fit: "stretch",
      normalisation: { scale: 1 / 255 },
    });
    const buffer = t.data;
    await t.fill(redBlue);
    expect(t.dims).toEqual([1, 3, 1, 2]);
    expect([...t.data]).toEqual([1, 0, 0, 0, 0, 1]);
    await t.fill({ data: new Uint8Array(6), width: 2, height: 1 });
    expect(t.data).toBe(buffer);
    expect([...t.data]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("writes interleaved NHWC with mean/std, raw 0..255 by default", async () => {
    const t = new InputTensor({
      width: 2,
      height: 1,
      layout: "nhwc",
      fit: "stretch",
      normalisation: { mean: [255, 0, 0], std: [255, 1, 2] },
    });
    await t.fill(redBlue);
    expect(t.dims).toEqual([1, 1, 2, 3]);
    expect([...t.data]).toEqual([0, 0, 0, -1, 0, 127.5]);
    const raw = new InputTensor({ width: 2, height: 1, layout: "nhwc", fit: "stretch" });
    await raw.fill(redBlue);
    expect([...raw.data]).toEqual([255, 0, 0, 0, 0, 255]);
  });

  it("letterboxes with the pad value normalised like the pixels (YOLO: 114/255)", async () => {
    const t = new InputTensor({
      width: 4,
      height: 4,
      layout: "nchw",
      fit: "letterbox",
      normalisation: { scale: 1 / 255 },
    });
    const transform = await t.fill({ data: new Uint8Array(4 * 2 * 3).fill(255), width: 4, height: 2 });
    expect(transform.padY).toBe(1);
    expect(t.data[0]).toBeCloseTo(114 / 255, 6);
    expect(t.data[4]).toBeCloseTo(1, 6);
  });
});
