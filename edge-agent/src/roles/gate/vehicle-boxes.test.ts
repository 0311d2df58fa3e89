import { describe, expect, it } from "vitest";
import type { Box, Detection } from "../../vision/detect/detector.js";
import { distinctVehicles } from "./vehicle-boxes.js";

const det = (label: string, score: number, box: Box): Detection => ({ label, classId: 0, score, box });

describe("distinctVehicles", () => {
  it("keeps one box for a container the detector calls a truck, a bus and a train at once", () => {
    const found = [
      det("bus", 0.13, [23, 7, 993, 720]),
      det("suitcase", 0.17, [20, 6, 994, 720]),
      det("train", 0.12, [20, 6, 994, 720]),
    ];
    expect(distinctVehicles(found).map((d) => d.label)).toEqual(["suitcase"]);
  });

  it("drops a part inside a bigger vehicle, even one scoring higher than the vehicle", () => {
    const found = [det("suitcase", 0.28, [877, 301, 1276, 719]), det("train", 0.17, [700, 47, 1280, 720])];
    expect(distinctVehicles(found).map((d) => d.label)).toEqual(["train"]);
  });

  it("keeps trucks side by side, and a small car beside a big truck", () => {
    const found = [
      det("truck", 0.9, [0, 100, 500, 600]),
      det("truck", 0.8, [520, 100, 1000, 600]),
      det("car", 0.7, [400, 500, 700, 700]),
    ];
    expect(distinctVehicles(found)).toHaveLength(3);
  });
});
