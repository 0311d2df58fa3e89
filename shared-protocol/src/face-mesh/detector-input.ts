import type { TensorFormat } from "./face-crop.js";
import type { PixelImage } from "./pixel-image.js";
import { Resampler } from "./resample.js";

/** Where the resized image sits inside the square detector input: input = source * scale + pad. */
export interface Letterbox {
  readonly scaleX: number;
  readonly scaleY: number;
  readonly padX: number;
  readonly padY: number;
}

// The resize and the copy below run synchronously, so one default resampler per thread is safe.
const shared = new Resampler();

/**
 * Fits the whole frame into the square detector input keeping its aspect ratio, centred on black.
 * BlazeFace was trained on undistorted faces, so stretching a 16:9 frame would squash them. A frame
 * that already fits is read in place (RGB or RGBA); otherwise it is shrunk with a proper filter.
 */
export function letterboxInput(
  image: PixelImage,
  inputSize: number,
  fmt: TensorFormat,
  out: Float32Array,
  resampler: Resampler = shared,
): Letterbox {
  const side = Math.max(image.width, image.height);
  const rw = Math.max(1, Math.round((image.width * inputSize) / side));
  const rh = Math.max(1, Math.round((image.height * inputSize) / side));
  const padX = Math.floor((inputSize - rw) / 2);
  const padY = Math.floor((inputSize - rh) / 2);
  const same = rw === image.width && rh === image.height;
  const pixels = same ? image.data : resampler.resize(image, rw, rh);
  const stride = same ? image.channels : 3;
  const plane = inputSize * inputSize;
  // Padding is black, i.e. the normalised value of a zero pixel.
  out.fill(fmt.offset);
  for (let y = 0; y < rh; y++) {
    for (let x = 0; x < rw; x++) {
      const src = (y * rw + x) * stride;
      const p = (y + padY) * inputSize + x + padX;
      for (let c = 0; c < 3; c++) {
        const value = (pixels[src + c] ?? 0) * fmt.scale + fmt.offset;
        out[fmt.layout === "nhwc" ? p * 3 + c : c * plane + p] = value;
      }
    }
  }
  return { scaleX: rw / image.width, scaleY: rh / image.height, padX, padY };
}

/** Maps a point from detector-input pixels back to source pixels. */
export function inputToSource(lb: Letterbox, x: number, y: number): [number, number] {
  return [(x - lb.padX) / lb.scaleX, (y - lb.padY) / lb.scaleY];
}
