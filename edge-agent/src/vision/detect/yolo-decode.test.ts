import { describe, expect, it } from "vitest";
import { parseImageSize, parseUltralyticsNames, readOnnxMetadata } from "./onnx-metadata.js";
import { resolveOptions } from "./postprocess.js";
import { decodeYolo, yoloLayout } from "./yolo-decode.js";

const labels = ["a", "b"];
const opts = (o = {}) =>
  resolveOptions(labels, { scoreThreshold: 0.25, iouThreshold: 0.5, maxDetections: 100 }, o);

describe("yoloLayout", () => {
  it("recognises channels-first and transposed heads", () => {
    expect(yoloLayout([1, 84, 8400], 80)).toEqual({
      anchors: 8400,
      classes: 80,
      anchorStride: 1,
      channelStride: 8400,
    });
    expect(yoloLayout([1, 8400, 84], 80)).toEqual({
      anchors: 8400,
      classes: 80,
      anchorStride: 84,
      channelStride: 1,
    });
    expect(yoloLayout([1, 8400, 6])).toEqual({
      anchors: 8400,
      classes: 2,
      anchorStride: 6,
      channelStride: 1,
    });
  });

  it("explains shapes that are not a YOLO head", () => {
    expect(() => yoloLayout([1, 84, 8400, 1], 80)).toThrow(/must be \[1, 4\+nc, N\]/);
    expect(() => yoloLayout([1, 85, 8400], 80)).toThrow(/does not fit 80 classes/);
    expect(() => yoloLayout([1, 4, 8400])).toThrow(/no class scores/);
  });
});

describe("decodeYolo", () => {
  // Two anchors, two classes, channels first: rows cx, cy, w, h, score a, score b.
  const head = new Float32Array([10, 50, 20, 60, 4, 8, 6, 10, 0.3, 0.9, 0.6, 0.1]);
  const layout = yoloLayout([1, 6, 2], 2);

  it("takes each anchor's best class and converts centre/size to corners", () => {
    expect(decodeYolo(head, layout, opts())).toEqual([
      { classId: 1, score: expect.closeTo(0.6, 6), box: [8, 17, 12, 23] },
      { classId: 0, score: expect.closeTo(0.9, 6), box: [46, 55, 54, 65] },
    ]);
  });

  it("picks the best allowed class when a filter is set", () => {
    const out = decodeYolo(head, layout, opts({ classes: ["a"] }));
    expect(out.map((c) => [c.classId, c.score.toFixed(2)])).toEqual([
      [0, "0.30"],
      [0, "0.90"],
    ]);
  });

  it("rejects truncated outputs", () => {
    expect(() => decodeYolo(head.subarray(0, 6), layout, opts())).toThrow(/expected 12/);
  });
});

describe("Ultralytics metadata", () => {
  it("parses names dicts with either quote style and rejects gaps", () => {
    expect(parseUltralyticsNames(`{0: 'person', 1: "it's", 2: 'a\\'b'}`)).toEqual(["person", "it's", "a'b"]);
    expect(parseUltralyticsNames("{0: 'a', 2: 'c'}")).toBeUndefined();
    expect(parseUltralyticsNames(undefined)).toBeUndefined();
  });

  it("parses imgsz", () => {
    expect(parseImageSize("[480, 640]")).toEqual([480, 640]);
    expect(parseImageSize("320")).toEqual([320, 320]);
    expect(parseImageSize("none")).toBeUndefined();
  });

  it("says so when the bytes are not an ONNX model", () => {
    expect(() => readOnnxMetadata(new TextEncoder().encode("definitely not protobuf"))).toThrow(
      /not an ONNX model/,
    );
  });
});
