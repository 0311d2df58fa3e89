import { assertRgb, type RawImage, sharpOf } from "../image/raw-image.js";

/**
 * Input preparation for the PP-OCRv4 text detector. The network downsamples by 32, so the input
 * sides must be multiples of 32; instead of stretching to the next multiple (which distorts glyphs)
 * we scale uniformly and pad the remainder by repeating edge pixels, which keeps the mapping back to
 * source pixels a plain division and adds no false edges.
 */
export interface DetSizeOptions {
  /** Longest input side; larger images are scaled down (PaddleOCR's det_limit_side_len). */
  limitSide: number;
  /** Images whose longest side is below this are scaled up so small text still spans a few map pixels. */
  minLongSide: number;
}

export const DEFAULT_DET_SIZE: DetSizeOptions = { limitSide: 960, minLongSide: 320 };

/** PaddleOCR feeds its detector BGR images normalised with these per-channel constants, in B, G, R order. */
const MEAN = [0.485, 0.456, 0.406] as const;
const STD = [0.229, 0.224, 0.225] as const;
const STRIDE = 32;

export interface DetLayout {
  /** Size of the scaled picture inside the input. */
  scaledWidth: number;
  scaledHeight: number;
  /** Input size, multiples of 32. */
  inputWidth: number;
  inputHeight: number;
  /** input pixels = source pixels · scale (per axis, after rounding the scaled size). */
  scaleX: number;
  scaleY: number;
}

export function detLayout(width: number, height: number, options: Partial<DetSizeOptions> = {}): DetLayout {
  const { limitSide, minLongSide } = { ...DEFAULT_DET_SIZE, ...options };
  const longSide = Math.max(width, height);
  let scale = 1;
  if (longSide > limitSide) scale = limitSide / longSide;
  else if (longSide < minLongSide) scale = minLongSide / longSide;
  const scaledWidth = Math.max(1, Math.round(width * scale));
  const scaledHeight = Math.max(1, Math.round(height * scale));
  return {
    scaledWidth,
    scaledHeight,
    inputWidth: Math.ceil(scaledWidth / STRIDE) * STRIDE,
    inputHeight: Math.ceil(scaledHeight / STRIDE) * STRIDE,
    scaleX: scaledWidth / width,
    scaleY: scaledHeight / height,
  };
}

export interface DetInput {
  /** NCHW float32, channels in B, G, R order. */
  data: Float32Array;
  dims: [1, 3, number, number];
  layout: DetLayout;
}

/**
 * `reuse`: the data of an earlier input, filled again when it has the right size. A fresh 6 MB
 * array per 1920×1080 picture costs ~15 ms on the 2-core target (its pages are faulted in and
 * zeroed by the kernel as the loop first writes them), more than the loop itself.
 */
export async function detPreprocess(
  image: RawImage,
  options: Partial<DetSizeOptions> = {},
  reuse?: Float32Array,
): Promise<DetInput> {
  assertRgb(image);
  const layout = detLayout(image.width, image.height, options);
  const { scaledWidth, scaledHeight, inputWidth, inputHeight } = layout;
  let pixels = image.data;
  if (
    scaledWidth !== image.width ||
    scaledHeight !== image.height ||
    inputWidth !== scaledWidth ||
    inputHeight !== scaledHeight
  ) {
    let pipeline = sharpOf(image);
    if (scaledWidth !== image.width || scaledHeight !== image.height) {
      pipeline = pipeline.resize(scaledWidth, scaledHeight, { fit: "fill", kernel: "linear" });
    }
    if (inputWidth !== scaledWidth || inputHeight !== scaledHeight) {
      pipeline = pipeline.extend({
        right: inputWidth - scaledWidth,
        bottom: inputHeight - scaledHeight,
        extendWith: "copy",
      });
    }
    pixels = await pipeline.raw().toBuffer();
  }
  const plane = inputWidth * inputHeight;
  if (pixels.length !== plane * 3)
    throw new Error(`det input has ${pixels.length} bytes, expected ${plane * 3}`);
  const data = reuse?.length === plane * 3 ? reuse : new Float32Array(plane * 3);
  for (let c = 0; c < 3; c++) {
    // Plane c holds BGR channel c, i.e. RGB channel 2 - c.
    const src = 2 - c;
    const scale = 1 / (255 * (STD[c] as number));
    const offset = (MEAN[c] as number) / (STD[c] as number);
    const out = c * plane;
    for (let i = 0; i < plane; i++) data[out + i] = (pixels[i * 3 + src] as number) * scale - offset;
  }
  return { data, dims: [1, 3, inputHeight, inputWidth], layout };
}
