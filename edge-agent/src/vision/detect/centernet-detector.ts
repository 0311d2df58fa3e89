import type * as ort from "onnxruntime-node";
import { COCO_LABELS } from "../../models/coco-labels.js";
import { InputTensor } from "../image/input-tensor.js";
import { createSession } from "../runtime/ort-session.js";
import { decodeCenternetDetections, decodeCenternetHeatmaps } from "./centernet-decode.js";
import type { Candidate } from "./detector.js";
import { floatOutput, OnnxDetector, type OnnxDetectorParts } from "./onnx-detector.js";
import type { DetectDefaults, ResolvedOptions } from "./postprocess.js";

export interface CenternetOptions {
  /** Intra-op threads for onnxruntime. */
  threads?: number;
  /** Class names in model order; default COCO-80. */
  labels?: readonly string[];
  /**
   * Which head to decode. "detections" (default when the model has it): the graph's own top-100
   * peaks, cheapest (no 5 MB heatmap copy out of onnxruntime, no scan). "heatmaps": decode the dense
   * heads here, without the 100-peak cap, for very crowded scenes or very low thresholds. Both give
   * the same boxes otherwise.
   */
  head?: "detections" | "heatmaps";
}

const DEFAULTS: DetectDefaults = { scoreThreshold: 0.3, iouThreshold: 0.5, maxDetections: 100 };

/** The output whose name ends with `suffix` (the converter may keep TF's "tower_0/" prefixes). */
function outputNamed(names: readonly string[], suffix: string): string | undefined {
  return names.find((n) => n === suffix || n.endsWith(`/${suffix}`) || n.endsWith(`_${suffix}`));
}

/** Input size and layout from the model; TF's NHWC unless the channels axis is clearly second. */
function inputGeometry(meta: ort.InferenceSession.ValueMetadata | undefined) {
  const shape = meta?.isTensor ? meta.shape : [];
  const dim = (i: number) => {
    const d = shape[i];
    return typeof d === "number" && d > 0 ? d : 512;
  };
  const nhwc = shape[3] === 3 || shape[1] !== 3;
  return nhwc ? { height: dim(1), width: dim(2), nhwc } : { height: dim(2), width: dim(3), nhwc };
}

/**
 * MobileNetV3 CenterNet (COCO-80) converted from the TF.js model in @vladmandic/human. Facts taken
 * from that model: input [1, 512, 512, 3] RGB in 0..255 (no normalisation), the whole frame
 * stretched to the input (no letterbox); heads on a 128×128 grid (stride 4): "keypoints" = sigmoid
 * class heatmaps, "wh" = edge distances in input pixels; "detections" = the graph's own decoding of
 * those into its 100 best peaks as [x1, y1, x2, y2, score, class] rows in input pixels.
 */
export class CenternetDetector extends OnnxDetector {
  readonly name = "centernet";

  private constructor(
    parts: OnnxDetectorParts,
    private readonly heads: { keypoints: string; wh: string } | { detections: string },
  ) {
    super(parts);
  }

  /** Loads the converted model from a path or bytes (see `createDetector` for the model cache). */
  static async create(model: string | Uint8Array, opts: CenternetOptions = {}): Promise<CenternetDetector> {
    const session = await createSession(model, opts.threads ? { threads: opts.threads } : {});
    try {
      const [inputName] = session.inputNames;
      const { width, height, nhwc } = inputGeometry(session.inputMetadata[0]);
      if (!inputName || session.inputNames.length !== 1)
        throw new Error("expected a single-input centernet model");
      const keypoints = outputNamed(session.outputNames, "keypoints");
      const wh = outputNamed(session.outputNames, "wh");
      const detections = outputNamed(session.outputNames, "detections");
      const dense = keypoints && wh ? { keypoints, wh } : undefined;
      const heads = opts.head === "heatmaps" ? dense : detections ? { detections } : dense;
      if (!heads) {
        const wanted = opts.head === "heatmaps" ? "no keypoints+wh" : "neither keypoints+wh nor detections";
        throw new Error(`centernet model has ${wanted} outputs (it has ${session.outputNames.join(", ")})`);
      }
      const input = new InputTensor({ width, height, layout: nhwc ? "nhwc" : "nchw", fit: "stretch" });
      const labels = opts.labels ?? COCO_LABELS;
      const outputNames = Object.values(heads);
      return new CenternetDetector(
        { session, inputName, input, outputNames, labels, defaults: DEFAULTS },
        heads,
      );
    } catch (err) {
      await session.release();
      throw err;
    }
  }

  protected decode(outputs: ort.InferenceSession.OnnxValueMapType, opts: ResolvedOptions): Candidate[] {
    if ("detections" in this.heads)
      return decodeCenternetDetections(floatOutput(outputs, this.heads.detections), opts);
    const heatmap = floatOutput(outputs, this.heads.keypoints);
    const sizes = floatOutput(outputs, this.heads.wh);
    // Grid stride from the shapes (512 / 128 = 4 for the shipped model): works for either layout.
    const [, a = 1, b = 1] = heatmap.dims;
    const gridHeight = a === this.labels.length ? b : a;
    const stride = this.parts.input.options.height / gridHeight;
    return decodeCenternetHeatmaps(heatmap, sizes, this.labels.length, stride, opts);
  }
}
