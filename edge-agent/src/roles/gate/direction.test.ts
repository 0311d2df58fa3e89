import { describe, expect, it } from "vitest";
import { agreedDirection, type DirectionLine, directionOf, sideOf } from "./direction.js";

// A vertical line through the middle, drawn bottom to top: its right-hand side is the picture's right.
const upwards: DirectionLine = [
  [0.5, 1],
  [0.5, 0],
];
const downwards: DirectionLine = [upwards[1], upwards[0]];
const frame = { width: 1920, height: 1080 };

describe("sideOf", () => {
  it("tells right from left looking along the line, with y pointing down", () => {
    expect(sideOf([0.8, 0.5], upwards)).toBe(1);
    expect(sideOf([0.2, 0.5], upwards)).toBe(-1);
    expect(sideOf([0.8, 0.5], downwards)).toBe(-1);
    // A horizontal line drawn left to right has the lower half of the picture on its right.
    const across: DirectionLine = [
      [0, 0.5],
      [1, 0.5],
    ];
    expect(sideOf([0.5, 0.9], across)).toBe(1);
    expect(sideOf([0.5, 0.1], across)).toBe(-1);
  });

  it("counts a point within the dead band, or any point of a line of no length, as on it", () => {
    expect(sideOf([0.51, 0.5], upwards)).toBe(0);
    expect(sideOf([0.53, 0.5], upwards)).toBe(1);
    expect(sideOf([0.9, 0.9], [upwards[0], upwards[0]])).toBe(0);
  });
});

describe("directionOf", () => {
  it("calls left-to-right across the line in and the reverse out, from frame pixels", () => {
    expect(directionOf([200, 600], [1700, 500], upwards, frame)).toBe("in");
    expect(directionOf([1700, 500], [200, 600], upwards, frame)).toBe("out");
    expect(directionOf([200, 600], [1700, 500], downwards, frame)).toBe("out");
  });

  it("normalises by the frame's own size, not a square", () => {
    // x = 1000 is right of the middle of a 1920 px frame but left of the middle of a 2200 px one.
    expect(directionOf([100, 500], [1000, 500], upwards, frame)).toBe("in");
    expect(directionOf([100, 500], [1000, 500], upwards, { width: 2200, height: 1080 })).toBe("unknown");
  });

  it("is unknown without a line, without a crossing, or when the track ends on the line", () => {
    expect(directionOf([200, 600], [1700, 500], undefined, frame)).toBe("unknown");
    expect(directionOf([200, 600], [800, 500], upwards, frame)).toBe("unknown");
    expect(directionOf([200, 600], [965, 500], upwards, frame)).toBe("unknown");
    expect(directionOf([200, 600], [1700, 500], upwards, { width: 0, height: 0 })).toBe("unknown");
  });
});

describe("agreedDirection", () => {
  it("takes the direction the cameras that know one agree on", () => {
    expect(agreedDirection(["unknown", "in", "in"])).toBe("in");
    expect(agreedDirection(["in", "out"])).toBe("unknown");
    expect(agreedDirection([])).toBe("unknown");
  });
});
