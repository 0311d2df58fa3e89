import type { RawImage } from "./raw-image.js";
import { type ResizeOptions, resizeRgb, type Transform } from "./resize.js";

type Rgb = readonly [number, number, number];

/**
 * Per-channel `value = (pixel * scale - mean) / std`. The default (scale 1, mean 0, std 1) feeds
 * raw 0..255; YOLO uses scale 1/255; ImageNet-style models add mean/std.
 */
export interface Normalisation {
  scale?: number;
  mean?: Rgb;
  std?: Rgb;
}

/** NCHW = planar [1,3,H,W] (PyTorch exports); NHWC = interleaved [1,H,W,3] (TensorFlow exports). */
export type Layout = "nchw" | "nhwc";

export interface InputTensorOptions extends Omit<ResizeOptions, "width" | "height"> {
  width: number;
  height: number;
  layout: Layout;
  normalisation?: Normalisation;
}

/** 3×256 lookup table: normalising a pixel becomes one load instead of a multiply-add-divide. */
function lookupTable(norm: Normalisation = {}): Float32Array {
  const scale = norm.scale ?? 1;
  const mean = norm.mean ?? [0, 0, 0];
  const std = norm.std ?? [1, 1, 1];
  const lut = new Float32Array(3 * 256);
  for (let c = 0; c < 3; c++) {
    const s = std[c] ?? 1;
    if (s === 0) throw new Error("normalisation std must not be 0");
    for (let v = 0; v < 256; v++) lut[c * 256 + v] = (v * scale - (mean[c] ?? 0)) / s;
  }
  return lut;
}

/**
 * A model input of fixed size whose Float32Array is allocated once and overwritten for every frame,
 * so a detector running at video rate does not churn megabytes of garbage per inference. Callers
 * must finish with `data` (i.e. the inference) before the next `fill`.
 */
export class InputTensor {
  readonly data: Float32Array;
  readonly dims: readonly number[];
  private readonly lut: Float32Array;

  constructor(readonly options: InputTensorOptions) {
    const { width, height, layout } = options;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
      throw new Error(`invalid model input size ${width}x${height}`);
    }
    this.data = new Float32Array(width * height * 3);
    this.dims = layout === "nchw" ? [1, 3, height, width] : [1, height, width, 3];
    this.lut = lookupTable(options.normalisation);
  }

  /** Resizes `image` into the input, normalises it into `data`, and returns how to map boxes back. */
  async fill(image: RawImage): Promise<Transform> {
    const { image: resized, transform } = await resizeRgb(image, this.options);
    this.write(resized.data);
    return transform;
  }

  /** Normalises already-resized packed RGB (exactly width×height) into `data`. */
  write(rgb: Uint8Array): void {
    const { data, lut } = this;
    const pixels = this.options.width * this.options.height;
    if (rgb.length !== pixels * 3) throw new Error(`expected ${pixels * 3} RGB bytes, got ${rgb.length}`);
    if (this.options.layout === "nhwc") {
      for (let i = 0; i < pixels * 3; i += 3) {
        data[i] = lut[rgb[i] as number] as number;
        data[i + 1] = lut[256 + (rgb[i + 1] as number)] as number;
        data[i + 2] = lut[512 + (rgb[i + 2] as number)] as number;
      }
      return;
    }
    const g = pixels;
    const b = 2 * pixels;
    for (let p = 0, i = 0; p < pixels; p++, i += 3) {
      data[p] = lut[rgb[i] as number] as number;
      data[g + p] = lut[256 + (rgb[i + 1] as number)] as number;
      data[b + p] = lut[512 + (rgb[i + 2] as number)] as number;
    }
  }
}
