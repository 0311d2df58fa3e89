import { describe, expect, it } from "vitest";
import type { RawImage } from "../../../vision/image/raw-image.js";
import { otsu, segmentColumn } from "./cell-segmentation.js";
import { columnAsLine } from "./region-reader.js";
import { toRegion } from "./text-region.js";

const BLUE: readonly number[] = [31, 78, 140];
const WHITE: readonly number[] = [240, 240, 240];

/** A wall-coloured image with ink rectangles [x1, y1, x2, y2) painted on it. */
function paint(
  width: number,
  height: number,
  blocks: [number, number, number, number][],
  ink = WHITE,
  wall = BLUE,
): RawImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(wall, i * 3);
  for (const [x1, y1, x2, y2] of blocks) {
    for (let y = y1; y < y2; y++) for (let x = x1; x < x2; x++) data.set(ink, (y * width + x) * 3);
  }
  return { data, width, height };
}

/** Stacked "characters": one block per row band, leaving the column's edges as wall. */
const stacked = (bands: [number, number][]) =>
  bands.map(([a, b]): [number, number, number, number] => [10, a, 38, b]);

describe("splitting a vertical code into characters", () => {
  it("finds one cell per stacked character, light ink on a dark wall", () => {
    const crop = paint(
      48,
      200,
      stacked([
        [10, 50],
        [60, 100],
        [110, 150],
        [160, 195],
      ]),
    );
    expect(segmentColumn(crop)).toEqual([
      { start: 10, end: 50 },
      { start: 60, end: 100 },
      { start: 110, end: 150 },
      { start: 160, end: 195 },
    ]);
  });

  it("works the same with dark ink on a light wall and ignores specks", () => {
    const crop = paint(
      48,
      200,
      [
        ...stacked([
          [10, 50],
          [60, 100],
          [110, 150],
        ]),
        [20, 170, 24, 173],
      ],
      BLUE,
      WHITE,
    );
    expect(segmentColumn(crop).map((c) => c.start)).toEqual([10, 60, 110]);
  });

  it("cuts two touching characters apart", () => {
    const crop = paint(
      48,
      200,
      stacked([
        [10, 50],
        [60, 100],
        [110, 190],
      ]),
    );
    const cells = segmentColumn(crop);
    expect(cells).toHaveLength(4);
    expect(cells[2]).toEqual({ start: 110, end: 150 });
  });

  it("places Otsu's threshold between the two colours", () => {
    const gray = Float32Array.from([...Array(50).fill(40), ...Array(50).fill(200)]);
    const t = otsu(gray);
    expect(t).toBeGreaterThanOrEqual(40);
    expect(t).toBeLessThan(200);
  });
});

describe("laying a column out as a line", () => {
  it("puts each character side by side on a recogniser-high strip of wall colour", () => {
    // A 40 px wide column at x 100–140 holding three 40 px characters.
    const image = paint(300, 300, [
      [108, 20, 132, 60],
      [108, 80, 132, 120],
      [108, 140, 132, 180],
    ]);
    const region = toRegion({ cx: 120, cy: 100, width: 40, height: 180, angle: 0 });
    const line = columnAsLine(image, region);
    expect(line?.height).toBe(48);
    // Three glyphs, each narrower than tall, with gaps between and around them.
    expect(line?.width).toBeGreaterThan(3 * 20 + 4 * 12);
    expect(line?.width).toBeLessThan(3 * 64 + 4 * 12);
    expect([...(line?.data.subarray(0, 3) ?? [])]).toEqual([...BLUE]);
  });

  it("gives up on a column that does not split", () => {
    const image = paint(300, 300, [[108, 20, 132, 180]]);
    expect(
      columnAsLine(image, toRegion({ cx: 120, cy: 100, width: 40, height: 180, angle: 0 })),
    ).toBeUndefined();
  });
});
