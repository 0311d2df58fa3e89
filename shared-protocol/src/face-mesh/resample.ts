import type { PixelImage } from "./pixel-image.js";
import { boxShrink, type ResampleAxis, resampleAxis } from "./resample-axis.js";

/**
 * Resizes RGB or RGBA pixels to packed RGB floats (0..255): whole-number shrink factors by block
 * averaging, the rest with a triangle filter, rows first then columns. Keeps its weight tables and
 * buffers between calls, so steady-state frames allocate nothing; the returned array is
 * overwritten by the next call.
 */
export class Resampler {
  private rows: ResampleAxis | undefined;
  private cols: ResampleAxis | undefined;
  private shrunk = new Float32Array(0);
  private acc = new Uint32Array(0);
  private tmp = new Float32Array(0);
  private out = new Float32Array(0);

  resize(image: PixelImage, outWidth: number, outHeight: number): Float32Array {
    const fx = Math.max(1, Math.floor(image.width / outWidth));
    const fy = Math.max(1, Math.floor(image.height / outHeight));
    const width = Math.ceil(image.width / fx);
    const height = Math.ceil(image.height / fy);
    let data: Uint8Array | Uint8ClampedArray | Float32Array = image.data;
    let channels: number = image.channels;
    if (fx > 1 || fy > 1) {
      if (this.shrunk.length < width * height * 3) this.shrunk = new Float32Array(width * height * 3);
      if (this.acc.length < width * 3) this.acc = new Uint32Array(width * 3);
      boxShrink(image.data, image.width, image.height, image.channels, fx, fy, this.shrunk, this.acc);
      data = this.shrunk;
      channels = 3;
    }
    const rows = this.axis("rows", height, outHeight, image.height / outHeight / fy);
    const cols = this.axis("cols", width, outWidth, image.width / outWidth / fx);
    const rowLen = width * 3;
    if (this.tmp.length < rowLen * outHeight) this.tmp = new Float32Array(rowLen * outHeight);
    if (this.out.length !== outWidth * outHeight * 3) this.out = new Float32Array(outWidth * outHeight * 3);
    const tmp = this.tmp;
    const out = this.out;
    tmp.fill(0, 0, rowLen * outHeight);
    for (let y = 0; y < outHeight; y++) {
      const base = y * rowLen;
      for (let k = 0; k < (rows.count[y] as number); k++) {
        const w = rows.weights[y * rows.taps + k] as number;
        let s = ((rows.start[y] as number) + k) * width * channels;
        for (let d = base; d < base + rowLen; d += 3, s += channels) {
          tmp[d] = (tmp[d] as number) + w * (data[s] as number);
          tmp[d + 1] = (tmp[d + 1] as number) + w * (data[s + 1] as number);
          tmp[d + 2] = (tmp[d + 2] as number) + w * (data[s + 2] as number);
        }
      }
    }
    for (let y = 0; y < outHeight; y++) {
      const base = y * rowLen;
      for (let x = 0; x < outWidth; x++) {
        let r = 0;
        let g = 0;
        let b = 0;
        let s = base + (cols.start[x] as number) * 3;
        for (let k = 0; k < (cols.count[x] as number); k++, s += 3) {
          const w = cols.weights[x * cols.taps + k] as number;
          r += w * (tmp[s] as number);
          g += w * (tmp[s + 1] as number);
          b += w * (tmp[s + 2] as number);
        }
        const d = (y * outWidth + x) * 3;
        out[d] = r;
        out[d + 1] = g;
        out[d + 2] = b;
      }
    }
    return out;
  }

  private axis(which: "rows" | "cols", src: number, dst: number, scale: number): ResampleAxis {
    const cached = this[which];
    if (cached?.key === `${src}>${dst}@${scale}`) return cached;
    const fresh = resampleAxis(src, dst, scale);
    this[which] = fresh;
    return fresh;
  }
}
