import { assertRgb, type RawImage, sharpOf } from "./raw-image.js";

/** How a source image was placed into the model input: `input = source * scale + pad`. */
export interface Transform {
  readonly scaleX: number;
  readonly scaleY: number;
  readonly padX: number;
  readonly padY: number;
  readonly srcWidth: number;
  readonly srcHeight: number;
}

export type Box = [x1: number, y1: number, x2: number, y2: number];

export interface ResizeOptions {
  width: number;
  height: number;
  /**
   * "letterbox" keeps the aspect ratio and centres the picture on a constant border (what YOLO was
   * trained with); "stretch" fills the input exactly, distorting the aspect (what centernet expects).
   */
  fit: "letterbox" | "stretch";
  /** Border value for letterboxing, 0..255 on every channel. Default 114 (Ultralytics' grey). */
  pad?: number;
  /** sharp's interpolation kernel; "linear" is close to the bilinear resize models are usually fed. */
  kernel?: "nearest" | "linear" | "cubic" | "lanczos3";
}

export interface Resized {
  readonly image: RawImage;
  readonly transform: Transform;
}

/** Where the scaled picture lands in the input; the split of odd padding puts the extra pixel last. */
export function placement(srcWidth: number, srcHeight: number, opts: ResizeOptions): Transform {
  if (opts.fit === "stretch") {
    return {
      scaleX: opts.width / srcWidth,
      scaleY: opts.height / srcHeight,
      padX: 0,
      padY: 0,
      srcWidth,
      srcHeight,
    };
  }
  const ratio = Math.min(opts.width / srcWidth, opts.height / srcHeight);
  const w = Math.max(1, Math.min(opts.width, Math.round(srcWidth * ratio)));
  const h = Math.max(1, Math.min(opts.height, Math.round(srcHeight * ratio)));
  // The real per-axis scale after rounding the size, so mapping boxes back is exact.
  return {
    scaleX: w / srcWidth,
    scaleY: h / srcHeight,
    padX: Math.floor((opts.width - w) / 2),
    padY: Math.floor((opts.height - h) / 2),
    srcWidth,
    srcHeight,
  };
}

/** Resizes (and letterboxes) packed RGB to exactly `width`×`height` packed RGB with sharp. */
export async function resizeRgb(image: RawImage, opts: ResizeOptions): Promise<Resized> {
  assertRgb(image);
  const transform = placement(image.width, image.height, opts);
  const w = Math.round(image.width * transform.scaleX);
  const h = Math.round(image.height * transform.scaleY);
  if (w === image.width && h === image.height && w === opts.width && h === opts.height) {
    return { image, transform };
  }
  const pad = opts.pad ?? 114;
  let pipeline = sharpOf(image).resize(w, h, { fit: "fill", kernel: opts.kernel ?? "linear" });
  if (w !== opts.width || h !== opts.height) {
    pipeline = pipeline.extend({
      left: transform.padX,
      top: transform.padY,
      right: opts.width - w - transform.padX,
      bottom: opts.height - h - transform.padY,
      background: { r: pad, g: pad, b: pad },
    });
  }
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  if (info.width !== opts.width || info.height !== opts.height || info.channels !== 3) {
    throw new Error(
      `resize produced ${info.width}x${info.height}x${info.channels}, wanted ${opts.width}x${opts.height}x3`,
    );
  }
  const out = new Uint8Array(data.buffer, data.byteOffset, data.length);
  return { image: { data: out, width: info.width, height: info.height }, transform };
}

/** Maps a box from model-input pixels back to source pixels, clamped to the source image. */
export function toSource(box: Readonly<Box>, t: Transform): Box {
  const clampX = (v: number) => Math.min(t.srcWidth, Math.max(0, v));
  const clampY = (v: number) => Math.min(t.srcHeight, Math.max(0, v));
  return [
    clampX((box[0] - t.padX) / t.scaleX),
    clampY((box[1] - t.padY) / t.scaleY),
    clampX((box[2] - t.padX) / t.scaleX),
    clampY((box[3] - t.padY) / t.scaleY),
  ];
}
