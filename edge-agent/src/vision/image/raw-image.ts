import sharp, { type Sharp } from "sharp";

/**
 * Interleaved 8-bit RGB pixels, row-major, no padding: `data.length === width * height * 3`. This is
 * what decoders hand to detectors (and what the RTSP pipeline will produce), so nothing downstream
 * has to care about file formats, alpha or EXIF orientation.
 */
export interface RawImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** Anything `loadRgb` accepts: a file path, encoded bytes (JPEG/PNG/…), or an already decoded image. */
export type ImageSource = string | Buffer | Uint8Array | RawImage;

export function isRawImage(value: unknown): value is RawImage {
  return (
    typeof value === "object" &&
    value !== null &&
    "data" in value &&
    "width" in value &&
    "height" in value &&
    (value as RawImage).data instanceof Uint8Array
  );
}

/** Throws unless `image` really is packed RGB of the size it claims. */
export function assertRgb(image: RawImage): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`invalid image size ${width}x${height}`);
  }
  if (data.length !== width * height * 3) {
    throw new Error(`RGB image ${width}x${height} needs ${width * height * 3} bytes, got ${data.length}`);
  }
}

/** A sharp pipeline over any source; raw images are described to sharp, encoded ones are sniffed. */
export function sharpOf(source: ImageSource): Sharp {
  if (isRawImage(source)) {
    assertRgb(source);
    return sharp(source.data, { raw: { width: source.width, height: source.height, channels: 3 } });
  }
  return sharp(source);
}

/**
 * Decodes a file or encoded bytes into packed RGB. EXIF orientation is applied so boxes match what
 * a viewer shows; alpha is dropped and grey/CMYK become sRGB so every model sees three channels.
 */
export async function loadRgb(source: ImageSource): Promise<RawImage> {
  if (isRawImage(source)) {
    assertRgb(source);
    return source;
  }
  try {
    const { data, info } = await sharp(source)
      .autoOrient()
      .toColourspace("srgb")
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`expected 3 channels after conversion, got ${info.channels}`);
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      width: info.width,
      height: info.height,
    };
  } catch (err) {
    const what = typeof source === "string" ? source : `${source.length}-byte buffer`;
    throw new Error(`cannot decode image ${what}: ${(err as Error).message}`, { cause: err });
  }
}
