import type { RgbFrame } from "./gray-patch.js";

/** A grey frame with a mild fixed texture, so mean-removed comparisons have structure to compare. */
export function syntheticFrame(width: number, height: number, level = 120): RgbFrame {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = level + (((x >> 3) + (y >> 3)) % 2) * 10;
      data.fill(v, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
  return { data, width, height };
}

/** Copy of `frame` with a filled rectangle (pixel coordinates, end exclusive). */
export function paint(
  frame: RgbFrame,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  level: number,
): RgbFrame {
  const data = new Uint8Array(frame.data);
  for (let y = Math.max(0, y1); y < Math.min(frame.height, y2); y++) {
    for (let x = Math.max(0, x1); x < Math.min(frame.width, x2); x++) {
      data.fill(level, (y * frame.width + x) * 3, (y * frame.width + x) * 3 + 3);
    }
  }
  return { data, width: frame.width, height: frame.height };
}

/** Copy of `frame` with deterministic ±amplitude sensor noise. */
export function noisy(frame: RgbFrame, amplitude: number, seed: number): RgbFrame {
  const data = new Uint8Array(frame.data);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < data.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const delta = ((s >>> 0) % (2 * amplitude + 1)) - amplitude;
    data[i] = Math.min(255, Math.max(0, (data[i] ?? 0) + delta));
  }
  return { data, width: frame.width, height: frame.height };
}
