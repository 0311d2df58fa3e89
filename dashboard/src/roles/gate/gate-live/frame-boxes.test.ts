import type { Detection } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { type BoxState, frameOverlay } from "./frame-boxes.js";

const label = (state: BoxState) => state.toUpperCase();

function frame(detections: Detection[], width = 1280, height = 720) {
  return { width, height, detections };
}

describe("frameOverlay", () => {
  it("places each box in frame pixels with its track, class, score and capture state", () => {
    const overlay = frameOverlay(
      frame([
        { cls: "truck", score: 0.914, box: [100, 200, 500, 600], track: 7, state: "capturing" },
        { cls: "car", score: 0.5, box: [700, 100, 900, 300], track: 8, state: "tracking" },
        { cls: "truck", score: 0.88, box: [10, 10, 50, 50], track: 9, state: "captured" },
      ]),
      label,
    );
    expect(overlay.fontSize).toBe(20);
    expect(overlay.strokeWidth).toBe(3);
    const [first, second, third] = overlay.boxes;
    expect(first).toMatchObject({
      key: "track-7",
      x: 100,
      y: 200,
      width: 400,
      height: 400,
      state: "capturing",
    });
    expect(first?.label).toBe("#7 · truck · 91% · CAPTURING");
    expect(second?.state).toBe("tracking");
    expect(third?.state).toBe("captured");
    // Room above: the label sits over the box; at the top edge it goes just inside.
    expect(first?.labelY).toBe(196);
    expect(third?.labelY).toBeGreaterThan(10);
    expect(third?.labelY).toBeLessThan(50);
  });

  it("clips boxes to the picture, orders corners and drops empty or broken ones", () => {
    const overlay = frameOverlay(
      frame(
        [
          { cls: "truck", score: 0.9, box: [-50, 600, 300, 900] },
          { cls: "truck", score: 0.9, box: [400, 300, 200, 100] },
          { cls: "truck", score: 0.9, box: [700, 700, 700, 800] },
          { cls: "truck", score: 0.9, box: [Number.NaN, 0, 10, 10] },
          { cls: "truck", score: 0.9, box: [2000, 10, 2100, 50] },
        ],
        1280,
        720,
      ),
      label,
    );
    expect(overlay.boxes.map(({ x, y, width, height }) => [x, y, width, height])).toEqual([
      [0, 600, 300, 120],
      [200, 100, 200, 200],
    ]);
  });

  it("labels a plain detection without a state, and keeps keys unique", () => {
    const overlay = frameOverlay(
      frame([
        { cls: "person", score: 0.4, box: [10, 100, 60, 200] },
        { cls: "truck", score: 0.9, box: [100, 100, 200, 200], track: 3 },
        { cls: "truck", score: 0.9, box: [300, 100, 400, 200], track: 3 },
      ]),
      label,
    );
    expect(overlay.boxes.map((b) => b.label)).toEqual([
      "person · 40%",
      "#3 · truck · 90%",
      "#3 · truck · 90%",
    ]);
    expect(overlay.boxes.map((b) => b.state)).toEqual(["none", "none", "none"]);
    expect(new Set(overlay.boxes.map((b) => b.key)).size).toBe(3);
  });

  it("scales text and lines with the picture", () => {
    const small = frameOverlay(frame([], 320, 180), label);
    expect(small).toEqual({ fontSize: 12, strokeWidth: 2, boxes: [] });
    expect(frameOverlay(frame([], 1920, 1080), label).fontSize).toBe(30);
  });
});
