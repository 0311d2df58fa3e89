/** Values per candidate in the regressor output: centre offset (2), size (2), six keypoints (12). */
export const REGRESSOR_WIDTH = 16;
export const KEYPOINT_COUNT = 6;

/** A raw model output: row-major data plus its dims (batch of one). */
export interface RawOutput {
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

/** One detector candidate, in detector-input pixels (before mapping back to the source image). */
export interface FaceCandidate {
  box: [number, number, number, number];
  score: number;
  /** Right eye, left eye, nose tip, mouth centre, right ear, left ear (subject's sides). */
  keypoints: [number, number][];
}

/**
 * The converted model has one score tensor [1, rows, 1] and one regressor tensor [1, rows, 16] per
 * anchor layer (names depend on the converter), so they are matched by shape, in anchor order.
 * A model that already concatenates the layers ([1, total, 1] and [1, total, 16]) works too.
 */
export function gatherBlazefaceOutputs(
  outputs: readonly RawOutput[],
  rowsPerLayer: readonly number[],
): { logits: Float32Array; regressors: Float32Array } {
  const total = rowsPerLayer.reduce((a, b) => a + b, 0);
  const find = (rows: number, width: number) =>
    outputs.find((o) => o.dims.at(-1) === width && o.data.length === rows * width);
  const parts = rowsPerLayer.length > 1 && find(total, 1) ? [total] : rowsPerLayer;
  const logits = new Float32Array(total);
  const regressors = new Float32Array(total * REGRESSOR_WIDTH);
  let row = 0;
  for (const rows of parts) {
    const score = find(rows, 1);
    const reg = find(rows, REGRESSOR_WIDTH);
    if (!score || !reg) {
      const seen = outputs.map((o) => `[${o.dims.join(",")}]`).join(" ");
      throw new Error(`blazeface: no score/regressor outputs with ${rows} rows among ${seen}`);
    }
    logits.set(score.data, row);
    regressors.set(reg.data, row * REGRESSOR_WIDTH);
    row += rows;
  }
  return { logits, regressors };
}

/**
 * Turns logits + regressors into scored boxes. Offsets, sizes and keypoints are in input pixels;
 * the centre and keypoints are relative to the row's anchor. Rows below `minScore` are skipped
 * before any decoding because nearly all 896 rows are background.
 */
export function decodeBlazeface(
  logits: Float32Array,
  regressors: Float32Array,
  anchors: Float32Array,
  minScore: number,
): FaceCandidate[] {
  // Compare in logit space so the sigmoid runs only for the few survivors.
  const p = Math.min(Math.max(minScore, 1e-6), 1 - 1e-6);
  const minLogit = Math.log(p / (1 - p));
  const found: FaceCandidate[] = [];
  for (let i = 0; i < logits.length; i++) {
    const logit = logits[i] ?? Number.NEGATIVE_INFINITY;
    if (logit < minLogit) continue;
    const r = regressors.subarray(i * REGRESSOR_WIDTH, (i + 1) * REGRESSOR_WIDTH);
    const ax = anchors[i * 2] ?? 0;
    const ay = anchors[i * 2 + 1] ?? 0;
    const cx = ax + (r[0] ?? 0);
    const cy = ay + (r[1] ?? 0);
    const hw = (r[2] ?? 0) / 2;
    const hh = (r[3] ?? 0) / 2;
    const keypoints: [number, number][] = [];
    for (let k = 0; k < KEYPOINT_COUNT; k++) {
      keypoints.push([ax + (r[4 + k * 2] ?? 0), ay + (r[5 + k * 2] ?? 0)]);
    }
    // Logits are clipped like MediaPipe does, so a saturated row cannot overflow exp().
    const score = 1 / (1 + Math.exp(-Math.min(Math.max(logit, -100), 100)));
    found.push({ box: [cx - hw, cy - hh, cx + hw, cy + hh], score, keypoints });
  }
  return found;
}

export function iou(a: readonly number[], b: readonly number[]): number {
  const [ax1 = 0, ay1 = 0, ax2 = 0, ay2 = 0] = a;
  const [bx1 = 0, by1 = 0, bx2 = 0, by2 = 0] = b;
  const iw = Math.min(ax2, bx2) - Math.max(ax1, bx1);
  const ih = Math.min(ay2, by2) - Math.max(ay1, by1);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  const union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter;
  return union > 0 ? inter / union : 0;
}

/** Greedy NMS: highest score first, dropping anything overlapping a kept face by more than `maxIou`. */
export function suppressOverlaps(
  candidates: readonly FaceCandidate[],
  maxIou: number,
  maxCount: number,
): FaceCandidate[] {
  const sorted = [...candidates].sort((a, b) => b.score - a.score);
  const kept: FaceCandidate[] = [];
  for (const c of sorted) {
    if (kept.length >= maxCount) break;
    if (kept.every((k) => iou(k.box, c.box) <= maxIou)) kept.push(c);
  }
  return kept;
}
