import { readFile } from "node:fs/promises";
import type * as ort from "onnxruntime-node";
import { COCO_LABELS } from "../../models/coco-labels.js";
import { InputTensor } from "../image/input-tensor.js";
import { createSession } from "../runtime/ort-session.js";
import type { Candidate } from "./detector.js";
import { floatOutput, OnnxDetector, type OnnxDetectorParts } from "./onnx-detector.js";
import { parseImageSize, parseUltralyticsNames, readOnnxMetadata } from "./onnx-metadata.js";
import type { DetectDefaults, ResolvedOptions } from "./postprocess.js";
import { decodeYolo, type YoloLayout, yoloLayout } from "./yolo-decode.js";

export interface YoloOptions {
  /** Intra-op threads for onnxruntime. */
  threads?: number;
  /** Class names; default: the model's Ultralytics metadata, else COCO-80 for 80 classes. */
  labels?: readonly string[];
  /** Input size when the model's input is dynamic; default its `imgsz` metadata, else 640. */
  inputSize?: number;
  /** Display name; default "yolo". */
  name?: string;
}

/** Ultralytics' own prediction defaults (conf 0.25, iou 0.7, max_det 300). */
const DEFAULTS: DetectDefaults = { scoreThreshold: 0.25, iouThreshold: 0.7, maxDetections: 300 };

function tensorShape(meta: ort.InferenceSession.ValueMetadata | undefined): readonly (number | string)[] {
  return meta?.isTensor ? meta.shape : [];
}

/** A fixed positive dimension, or undefined for symbolic/unknown ones. */
function fixed(dim: number | string | undefined): number | undefined {
  return typeof dim === "number" && dim > 0 ? dim : undefined;
}

/**
 * Names for a model without metadata: COCO-80 when either head axis is 84 wide (or unknown), else
 * numbered classes, taking the smaller axis as 4 + nc since N is normally thousands of anchors.
 */
function fallbackLabels(outShape: readonly (number | string)[]): readonly string[] {
  const [, d1, d2] = outShape.map(fixed);
  if (d1 === undefined || d2 === undefined || d1 === 84 || d2 === 84) return COCO_LABELS;
  return Array.from({ length: Math.min(d1, d2) - 4 }, (_, i) => `class_${i}`);
}

/**
 * Ultralytics YOLO v8/v11 detection exports: input [1, 3, H, W] float32 RGB 0..1, letterboxed with
 * grey 114; output [1, 4 + nc, N] (or transposed) of box centre/size in input pixels followed by
 * per-class scores.
 */
export class YoloDetector extends OnnxDetector {
  readonly name: string;
  private layout: YoloLayout | undefined;

  private constructor(
    parts: OnnxDetectorParts,
    name: string,
    private readonly outputName: string,
  ) {
    super(parts);
    this.name = name;
  }

  /** Loads a model from a path or bytes; the session is created once and reused for every frame. */
  static async create(model: string | Uint8Array, opts: YoloOptions = {}): Promise<YoloDetector> {
    let bytes: Uint8Array;
    try {
      bytes = typeof model === "string" ? await readFile(model) : model;
    } catch (err) {
      throw new Error(`cannot read YOLO model ${model}: ${(err as Error).message}`, { cause: err });
    }
    const meta = readOnnxMetadata(bytes);
    const session = await createSession(bytes, opts.threads ? { threads: opts.threads } : {});
    try {
      const [inputName] = session.inputNames;
      const [outputName] = session.outputNames;
      const inShape = tensorShape(session.inputMetadata[0]);
      if (!inputName || !outputName || session.inputNames.length !== 1) {
        throw new Error(`expected a single-input YOLO model, got inputs [${session.inputNames.join(", ")}]`);
      }
      if (inShape.length === 4 && inShape[1] !== 3) {
        throw new Error(`YOLO input "${inputName}" must be [1, 3, H, W], got [${inShape.join(", ")}]`);
      }
      const imgsz = parseImageSize(meta.imgsz);
      const height = fixed(inShape[2]) ?? opts.inputSize ?? imgsz?.[0] ?? 640;
      const width = fixed(inShape[3]) ?? opts.inputSize ?? imgsz?.[1] ?? 640;
      const labels =
        opts.labels ??
        parseUltralyticsNames(meta.names) ??
        fallbackLabels(tensorShape(session.outputMetadata[0]));
      const normalisation = { scale: 1 / 255 };
      const input = new InputTensor({
        width,
        height,
        layout: "nchw",
        fit: "letterbox",
        pad: 114,
        normalisation,
      });
      const parts = { session, inputName, input, outputNames: [outputName], labels, defaults: DEFAULTS };
      return new YoloDetector(parts, opts.name ?? "yolo", outputName);
    } catch (err) {
      await session.release();
      throw err;
    }
  }

  protected decode(outputs: ort.InferenceSession.OnnxValueMapType, opts: ResolvedOptions): Candidate[] {
    const { data, dims } = floatOutput(outputs, this.outputName);
    // Resolved on the first frame: dynamic exports only reveal N once they have run.
    this.layout ??= yoloLayout(dims, this.labels.length);
    return decodeYolo(data, this.layout, opts);
  }
}
