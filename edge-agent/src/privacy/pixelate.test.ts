import { describe, expect, it } from "vitest";
import { enlargeBox, pixelateBoxes } from "./pixelate.js";

/** A 40×20 gradient, so every pixel differs from its neighbours. */
function gradient(width = 40, height = 20) {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    data[i * 3] = (i * 7) % 256;
    data[i * 3 + 1] = (i * 13) % 256;
    data[i * 3 + 2] = (i * 29) % 256;
  }
  return { data, width, height };
}

const px = (img: { data: Uint8Array; width: number }, x: number, y: number) => [
  ...img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3),
];

describe("enlargeBox", () => {
  it("grows by the margin on every side and clips to the image", () => {
    expect(enlargeBox([10, 10, 20, 20], 0.2, 100, 100)).toEqual([8, 8, 22, 22]);
    expect(enlargeBox([0, 5, 10, 15], 0.5, 12, 100)).toEqual([0, 0, 12, 20]);
  });
});

describe("pixelateBoxes", () => {
  it("fills the enlarged box with block means and leaves the rest and the input untouched", () => {
    const image = gradient();
    const before = new Uint8Array(image.data);
    const out = pixelateBoxes(image, [[10, 5, 20, 15]], { margin: 0.2, blocks: 2 });
    expect(image.data).toEqual(before);
    // Enlarged box [8,3,22,17], 14 px → two 7-px blocks each way: equal colours within a block.
    expect(px(out, 8, 3)).toEqual(px(out, 14, 9));
    expect(px(out, 15, 10)).toEqual(px(out, 21, 16));
    expect(px(out, 8, 3)).not.toEqual(px(image, 8, 3));
    for (const [x, y] of [
      [7, 3],
      [22, 10],
      [10, 2],
      [39, 19],
      [0, 0],
    ] as const)
      expect(px(out, x, y)).toEqual(px(image, x, y));
  });

  it("averages correctly and ignores empty boxes", () => {
    const image = { data: new Uint8Array([0, 0, 0, 100, 200, 50]), width: 2, height: 1 };
    const out = pixelateBoxes(
      image,
      [
        [0, 0, 2, 1],
        [1, 1, 1, 1],
      ],
      { margin: 0, blocks: 1 },
    );
    expect([...out.data]).toEqual([50, 100, 25, 50, 100, 25]);
  });
});
