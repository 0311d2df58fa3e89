import { type RawImage, sharpOf } from "../image/raw-image.js";
import type { TensorFormat } from "./face-crop.js";

/** Where the resized image sits inside the square detector input: input = source * scale + pad. */
export interface Letterbox {
  readonly scaleX: number;
  readonly scaleY: number;
  readonly padX: number;
  readonly padY: number;
}

/**
 * Fits the whole frame into the square detector input keeping its aspect ratio, centred on black.
 * BlazeFace was trained on undistorted faces, so stretching a 16:9 frame would squash them. sharp
 * does the shrink because it filters properly; plain bilinear sampling of a 1080p frame down to
 * 256 pixels aliases badly and costs detections.
 */
export async function letterboxInput(
  image: RawImage,
  inputSize: number,
  fmt: TensorFormat,
  out: Float32Array,
): Promise<Letterbox> {
  const side = Math.max(image.width, image.height);
  const rw = Math.max(1, Math.round((image.width * inputSize) / side));
  const rh = Math.max(1, Math.round((image.height * inputSize) / side));
  const padX = Math.floor((inputSize - rw) / 2);
  const padY = Math.floor((inputSize - rh) / 2);
  const resized =
    rw === image.width && rh === image.height
      ? image.data
      : await sharpOf(image).resize(rw, rh, { fit: "fill", kernel: "linear" }).raw().toBuffer();
  const plane = inputSize * inputSize;
  // Padding is black, i.e. the normalised value of a zero pixel.
  out.fill(fmt.offset);
  for (let y = 0; y < rh; y++) {
    for (let x = 0; x < rw; x++) {
      const src = (y * rw + x) * 3;
      const p = (y + padY) * inputSize + x + padX;
      for (let c = 0; c < 3; c++) {
        const value = (resized[src + c] ?? 0) * fmt.scale + fmt.offset;
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
