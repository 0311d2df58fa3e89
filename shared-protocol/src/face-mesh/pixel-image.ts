/**
 * Interleaved 8-bit pixels, row-major, no padding. Three channels for decoded frames (sharp, the
 * agent's capture) or four for a canvas `ImageData` (RGBA); the alpha byte is never read, so a
 * browser frame goes to the models without an RGB copy.
 */
export interface PixelImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array | Uint8ClampedArray;
  readonly channels: 3 | 4;
}

/** Throws unless `image` really holds `channels` bytes per pixel for the size it claims. */
export function assertPixelImage(image: PixelImage): void {
  const { width, height, data, channels } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`invalid image size ${width}x${height}`);
  }
  if (channels !== 3 && channels !== 4) throw new Error(`expected 3 or 4 channels, got ${channels}`);
  if (data.length !== width * height * channels) {
    throw new Error(
      `${channels}-channel image ${width}x${height} needs ${width * height * channels} bytes, got ${data.length}`,
    );
  }
}

/**
 * Bilinear RGB sample at pixel-index coordinates (pixel centres at integers), clamping to the border
 * like OpenCV's BORDER_REPLICATE. Writes the three colour channels to out[0..2]. The rotated mesh
 * crop needs it because no axis-aligned resize can produce that window.
 */
export function sampleRgb(image: PixelImage, x: number, y: number, out: number[] | Float32Array): void {
  const { data, width, height, channels } = image;
  const cx = Math.min(width - 1, Math.max(0, x));
  const cy = Math.min(height - 1, Math.max(0, y));
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(width - 1, x0 + 1);
  const y1 = Math.min(height - 1, y0 + 1);
  const fx = cx - x0;
  const fy = cy - y0;
  const i00 = (y0 * width + x0) * channels;
  const i10 = (y0 * width + x1) * channels;
  const i01 = (y1 * width + x0) * channels;
  const i11 = (y1 * width + x1) * channels;
  for (let c = 0; c < 3; c++) {
    const top = (data[i00 + c] as number) * (1 - fx) + (data[i10 + c] as number) * fx;
    const bottom = (data[i01 + c] as number) * (1 - fx) + (data[i11 + c] as number) * fx;
    out[c] = top * (1 - fy) + bottom * fy;
  }
}
