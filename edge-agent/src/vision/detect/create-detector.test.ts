import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OnnxGraph } from "../../models/onnx/onnx-graph.js";
import { createDetector } from "./create-detector.js";

/** A minimal YOLO-shaped model ([1, 3, 32, 32] → [1, 84, 2], all zero scores). */
function tinyYolo(): Uint8Array {
  const g = new OnnxGraph("tiny-yolo");
  g.input("images", "float32", [1, 3, 32, 32]);
  const mean = g.node("ReduceMean", ["images"], [g.unique("mean")], { keepdims: 0 });
  const head = g.constant("head", { type: "float32", dims: [1, 84, 2], data: new Float32Array(168) });
  g.node("Mul", [mean, head], ["output0"]);
  g.output("output0", "float32", [1, 84, 2]);
  g.meta("names", `{${Array.from({ length: 80 }, (_, i) => `${i}: 'c${i}'`).join(", ")}}`);
  return g.toBytes();
}

describe("createDetector", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sitewatch-detector-"));
    await writeFile(join(dir, "tiny.onnx"), tinyYolo());
    await writeFile(join(dir, "garbage.onnx"), "this is not a model");
    await mkdir(join(dir, "folder.onnx"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("loads a YOLO export from a path, labels from its metadata", async () => {
    const detector = await createDetector({ model: join(dir, "tiny.onnx"), threads: 1 });
    try {
      expect(detector.name).toBe("yolo");
      expect(detector.labels[79]).toBe("c79");
      const frame = { data: new Uint8Array(40 * 20 * 3), width: 40, height: 20 };
      expect(await detector.detect(frame)).toEqual([]);
    } finally {
      await detector.close();
    }
  });

  it("names unknown models and says what is accepted", async () => {
    await expect(createDetector({ model: "yolov8" })).rejects.toThrow(
      /unknown detector model "yolov8": use "centernet" or a path to an Ultralytics YOLO \.onnx file/,
    );
  });

  it("explains missing, unreadable and invalid model files", async () => {
    await expect(createDetector({ model: join(dir, "missing.onnx") })).rejects.toThrow(
      /cannot read YOLO model .*missing\.onnx \(ENOENT\)/,
    );
    await expect(createDetector({ model: join(dir, "folder.onnx") })).rejects.toThrow(
      /folder\.onnx \(not a file\)/,
    );
    await expect(createDetector({ model: join(dir, "garbage.onnx") })).rejects.toThrow(
      /cannot load YOLO model .*garbage\.onnx: not an ONNX model/,
    );
  });
});
