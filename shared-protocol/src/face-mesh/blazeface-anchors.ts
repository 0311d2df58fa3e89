/**
 * BlazeFace predicts one candidate per anchor; the anchors are the centres of a fixed grid of cells
 * per feature-map layer, repeated `perCell` times. The model's output rows follow exactly this order
 * (layer by layer, row-major cells, then the repeats), so the decoder can pair row i with anchor i.
 */
export interface AnchorLayer {
  /** Input pixels per feature-map cell. */
  readonly stride: number;
  /** Candidates predicted per cell. */
  readonly perCell: number;
}

/**
 * Layout of the 256×256 ("back camera") BlazeFace shipped with @vladmandic/human: a 16×16 grid with
 * 2 anchors per cell (512 rows) followed by an 8×8 grid with 6 anchors per cell (384 rows) = 896.
 */
export const BLAZEFACE_256_LAYERS: readonly AnchorLayer[] = [
  { stride: 16, perCell: 2 },
  { stride: 32, perCell: 6 },
];

/** Number of candidates a layer contributes for a square input of `inputSize` pixels. */
export function layerRows(inputSize: number, layer: AnchorLayer): number {
  const cells = Math.ceil(inputSize / layer.stride);
  return cells * cells * layer.perCell;
}

/**
 * Anchor centres in input pixels as interleaved [x0, y0, x1, y1, …]. The anchors carry no size:
 * this model regresses absolute box sizes, so only the centre offset is anchor-relative.
 */
export function blazefaceAnchors(
  inputSize: number,
  layers: readonly AnchorLayer[] = BLAZEFACE_256_LAYERS,
): Float32Array {
  const total = layers.reduce((sum, layer) => sum + layerRows(inputSize, layer), 0);
  const anchors = new Float32Array(total * 2);
  let i = 0;
  for (const { stride, perCell } of layers) {
    const cells = Math.ceil(inputSize / stride);
    for (let gy = 0; gy < cells; gy++) {
      for (let gx = 0; gx < cells; gx++) {
        for (let n = 0; n < perCell; n++) {
          anchors[i++] = (gx + 0.5) * stride;
          anchors[i++] = (gy + 0.5) * stride;
        }
      }
    }
  }
  return anchors;
}
