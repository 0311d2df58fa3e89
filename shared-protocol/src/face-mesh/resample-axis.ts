/**
 * Weights of one resampling axis: output index o blends `count[o]` source indices from `start[o]`
 * with `weights[o * taps …]`. Computed once per frame geometry and reused for every frame.
 */
export interface ResampleAxis {
  readonly key: string;
  readonly start: Int32Array;
  readonly count: Int32Array;
  readonly weights: Float32Array;
  readonly taps: number;
}

/**
 * A triangle (linear) filter whose radius grows with the shrink factor, like libvips' and Pillow's
 * reducing resize, for `dst` outputs over `src` inputs where one output step is `scale` inputs
 * (src / dst unless the source was already box-shrunk). Plain bilinear sampling of a 1080p frame
 * down to the detector's 256 pixels reads only a few pixels per output, aliases and costs detections.
 */
export function resampleAxis(src: number, dst: number, scale = src / dst): ResampleAxis {
  const radius = Math.max(1, scale);
  const taps = Math.ceil(2 * radius) + 1;
  const start = new Int32Array(dst);
  const count = new Int32Array(dst);
  const weights = new Float32Array(dst * taps);
  for (let o = 0; o < dst; o++) {
    const centre = (o + 0.5) * scale - 0.5;
    const lo = Math.max(0, Math.ceil(centre - radius));
    const hi = Math.min(src - 1, Math.floor(centre + radius));
    let n = 0;
    let sum = 0;
    let first = -1;
    for (let i = lo; i <= hi && n < taps; i++) {
      const w = 1 - Math.abs(i - centre) / radius;
      // Only the ends of the run can be zero (exactly at the radius), so the taps are contiguous.
      if (w <= 0) continue;
      if (first < 0) first = i;
      weights[o * taps + n++] = w;
      sum += w;
    }
    // Near the border the filter is cut off; renormalising keeps flat areas flat up to the edge.
    for (let k = 0; k < n; k++) weights[o * taps + k] = (weights[o * taps + k] as number) / sum;
    // The nearest source pixel is always strictly inside the radius (≥ 1), so n ≥ 1.
    start[o] = first;
    count[o] = n;
  }
  return { key: `${src}>${dst}@${scale}`, start, count, weights, taps };
}

/**
 * Averages `fx`×`fy` blocks of RGB(A) pixels into packed RGB floats (`out`, ceil(w/fx)×ceil(h/fy)),
 * blocks at the right and bottom edges covering what is left. Reading every byte once with integer
 * sums is several times cheaper than a wide filter over the full frame, and what remains to shrink
 * afterwards is less than 2×, which the triangle filter does on far fewer pixels.
 */
export function boxShrink(
  data: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  channels: number,
  fx: number,
  fy: number,
  out: Float32Array,
  acc: Uint32Array,
): void {
  const sw = Math.ceil(width / fx);
  const sh = Math.ceil(height / fy);
  for (let oy = 0; oy < sh; oy++) {
    const y0 = oy * fy;
    const y1 = Math.min(height, y0 + fy);
    acc.fill(0, 0, sw * 3);
    for (let y = y0; y < y1; y++) {
      let s = y * width * channels;
      for (let ox = 0; ox < sw; ox++) {
        const x1 = Math.min(width, (ox + 1) * fx);
        let r = 0;
        let g = 0;
        let b = 0;
        for (let x = ox * fx; x < x1; x++, s += channels) {
          r += data[s] as number;
          g += data[s + 1] as number;
          b += data[s + 2] as number;
        }
        const a = ox * 3;
        acc[a] = (acc[a] as number) + r;
        acc[a + 1] = (acc[a + 1] as number) + g;
        acc[a + 2] = (acc[a + 2] as number) + b;
      }
    }
    const rows = y1 - y0;
    for (let ox = 0; ox < sw; ox++) {
      const n = rows * (Math.min(width, (ox + 1) * fx) - ox * fx);
      const a = ox * 3;
      const d = (oy * sw + ox) * 3;
      out[d] = (acc[a] as number) / n;
      out[d + 1] = (acc[a + 1] as number) / n;
      out[d + 2] = (acc[a + 2] as number) / n;
    }
  }
}
