import { COCO_LABELS } from "./coco-labels.js";

/** A TF.js graph model shipped in @vladmandic/human's models/ folder that the build converts. */
export interface HumanModelSpec {
  name: string;
  /** model.json path relative to the package root. */
  json: string;
  /** TF output name → ONNX output name, where TF's names say nothing. */
  outputNames?: Record<string, string>;
  labels?: readonly string[];
  notes: string[];
}

/*
 * Facts about inputs and outputs below were read from @vladmandic/human's own pre/post-processing
 * (src/object/centernet.ts, src/face/blazeface.ts, src/face/facemesh*.ts) and checked on the graphs.
 */
export const HUMAN_MODELS: readonly HumanModelSpec[] = [
  {
    name: "centernet",
    json: "models/centernet.json",
    labels: COCO_LABELS,
    notes: [
      "input tower_0/images: float32 [1,512,512,3] NHWC RGB, raw pixel values 0..255 (no normalisation).",
      "output tower_0/detections [1,100,6]: top-100 heatmap peaks sorted by score, rows " +
        "[x1, y1, x2, y2, score, class] with coordinates in input pixels (0..512, not clipped), score the " +
        "class heatmap value 0..1, class a 0-based index into labels. Peaks are 3x3 local maxima " +
        "per class; overlapping boxes still need NMS.",
      "output tower_0/keypoints [1,128,128,80]: per-class sigmoid heatmap, stride 4.",
      "output tower_0/wh [1,128,128,4]: distances in input pixels from cell (4x, 4y) to the box's " +
        "left, top, right, bottom edges.",
    ],
  },
  {
    name: "blazeface",
    json: "models/blazeface.json",
    outputNames: {
      Identity: "logits_stride16",
      Identity_2: "regressors_stride16",
      Identity_1: "logits_stride32",
      Identity_3: "regressors_stride32",
    },
    notes: [
      "input input: float32 [1,256,256,3] NHWC RGB, normalised to -1..1 (pixel / 127.5 - 1).",
      "anchors: stride 16 → 16x16 cells x 2 anchors (512 rows), then stride 32 → 8x8 cells x 6 " +
        "anchors (384 rows); row order cell y, cell x, anchor; anchor centre ((x + 0.5)·stride, " +
        "(y + 0.5)·stride) in input pixels.",
      "outputs logits_stride16 [1,512,1] / logits_stride32 [1,384,1]: face score logits (apply sigmoid).",
      "outputs regressors_stride16 [1,512,16] / regressors_stride32 [1,384,16]: per anchor [dx, dy, w, h, " +
        "then 6 keypoints (x, y)] in input pixels; box centre and keypoints are offsets from the anchor " +
        "centre.",
    ],
  },
  {
    name: "facemesh",
    json: "models/facemesh.json",
    notes: [
      "input input_1: float32 [batch,192,192,3] NHWC RGB face crop, normalised to 0..1 (pixel / 255).",
      "output output_mesh [batch,1404]: 468 landmarks (x, y, z); x, y in crop pixels (0..192), z " +
        "relative depth on the same scale.",
      "output output_faceflag [batch,1]: probability 0..1 that the crop contains a face.",
      "output output_contours [batch,266]: 133 contour points (x, y) in crop pixels.",
    ],
  },
];
