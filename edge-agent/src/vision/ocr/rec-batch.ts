import type { RawImage } from "../image/raw-image.js";

/**
 * Recogniser input: text-line crops (already 48 px high) packed into one [N, 3, 48, W] tensor.
 * Crops are left-aligned and the rest of each row is 0 after normalisation, as PaddleOCR pads; W is
 * at least `minWidth` because the model was trained on 320-wide inputs and reads short padded
 * lines better than tiny ones.
 */
export const REC_HEIGHT = 48;
export const REC_MIN_WIDTH = 320;

export interface RecBatch {
  /** NCHW float32, channels in B, G, R order, values (x/255 - 0.5) / 0.5. */
  data: Float32Array;
  dims: [number, 3, number, number];
}

export function recBatch(crops: readonly RawImage[], minWidth = REC_MIN_WIDTH): RecBatch {
  if (crops.length === 0) throw new Error("recBatch needs at least one crop");
  let width = minWidth;
  for (const crop of crops) {
    if (crop.height !== REC_HEIGHT)
      throw new Error(`rec crop is ${crop.height} px high, expected ${REC_HEIGHT}`);
    width = Math.max(width, crop.width);
  }
  const plane = REC_HEIGHT * width;
  const data = new Float32Array(crops.length * 3 * plane);
  crops.forEach((crop, n) => {
    for (let c = 0; c < 3; c++) {
      // Plane c holds BGR channel c, i.e. RGB channel 2 - c.
      const src = 2 - c;
      const base = (n * 3 + c) * plane;
      for (let y = 0; y < REC_HEIGHT; y++) {
        const row = base + y * width;
        const srcRow = y * crop.width * 3;
        for (let x = 0; x < crop.width; x++) {
          data[row + x] = (crop.data[srcRow + x * 3 + src] as number) / 127.5 - 1;
        }
      }
    }
  });
  return { data, dims: [crops.length, 3, REC_HEIGHT, width] };
}

/**
 * Groups crop indices into batches of similar width (sorted by width), so little of each batch is
 * padding; every batch is then as wide as its widest member.
 */
export function planBatches(widths: readonly number[], batchSize: number): number[][] {
  const order = widths.map((_, i) => i).sort((a, b) => (widths[a] as number) - (widths[b] as number));
  const batches: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize));
  return batches;
}
