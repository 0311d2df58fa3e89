import type { Candidate } from "./detector.js";
import type { ResolvedOptions } from "./postprocess.js";

/** Above this many candidates only the best are kept for NMS (a near-zero threshold on 8400 anchors). */
const MAX_CANDIDATES = 30_000;

/** Where channel `ch` of anchor `a` lives: `data[a * anchorStride + ch * channelStride]`. */
export interface YoloLayout {
  anchors: number;
  classes: number;
  anchorStride: number;
  channelStride: number;
}

/**
 * Ultralytics v8/v11 heads emit [1, 4 + nc, N] (channels first); some exports transpose it to
 * [1, N, 4 + nc]. With `classes` known the layout is unambiguous; otherwise the smaller axis is
 * taken as the channels (N is thousands of anchors, 4 + nc rarely is).
 */
export function yoloLayout(dims: readonly number[], classes?: number): YoloLayout {
  const [batch, d1, d2] = dims;
  if (dims.length !== 3 || batch !== 1 || d1 === undefined || d2 === undefined) {
    throw new Error(`YOLO output must be [1, 4+nc, N] or [1, N, 4+nc], got [${dims.join(", ")}]`);
  }
  const channels = classes !== undefined ? classes + 4 : Math.min(d1, d2);
  if (channels <= 4) throw new Error(`YOLO output [${dims.join(", ")}] has no class scores`);
  if (d1 === channels) return { anchors: d2, classes: channels - 4, anchorStride: 1, channelStride: d2 };
  if (d2 === channels) return { anchors: d1, classes: channels - 4, anchorStride: d2, channelStride: 1 };
  throw new Error(
    `YOLO output [${dims.join(", ")}] does not fit ${channels - 4} classes (4+nc = ${channels})`,
  );
}

/**
 * Decodes raw YOLO predictions into candidates in model-input pixels. There is no objectness: an
 * anchor's score is its best class score (among the allowed classes), as Ultralytics does for
 * single-label prediction. Boxes are centre/size in input pixels.
 */
export function decodeYolo(data: Float32Array, layout: YoloLayout, opts: ResolvedOptions): Candidate[] {
  const { anchors, classes, anchorStride: as, channelStride: cs } = layout;
  if (data.length < anchors * (classes + 4)) {
    throw new Error(`YOLO output has ${data.length} values, expected ${anchors * (classes + 4)}`);
  }
  const bestScore = new Float32Array(anchors).fill(-Infinity);
  const bestClass = new Int32Array(anchors).fill(-1);
  // Class-major sweep: in the channels-first layout each class row is contiguous in memory.
  for (let c = 0; c < classes; c++) {
    if (opts.allowed && !opts.allowed.has(c)) continue;
    const base = (4 + c) * cs;
    for (let a = 0; a < anchors; a++) {
      const s = data[base + a * as] as number;
      if (s > (bestScore[a] as number)) {
        bestScore[a] = s;
        bestClass[a] = c;
      }
    }
  }
  let out: Candidate[] = [];
  for (let a = 0; a < anchors; a++) {
    const score = bestScore[a] as number;
    if (!(score >= opts.scoreThreshold) || score <= 0) continue;
    const at = a * as;
    const cx = data[at] as number;
    const cy = data[at + cs] as number;
    const w = data[at + 2 * cs] as number;
    const h = data[at + 3 * cs] as number;
    out.push({
      classId: bestClass[a] as number,
      score,
      box: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2],
    });
  }
  if (out.length > MAX_CANDIDATES) out = out.sort((x, y) => y.score - x.score).slice(0, MAX_CANDIDATES);
  return out;
}
