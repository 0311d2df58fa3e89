import sharp from "sharp";
import type { FaceBlurrer } from "../privacy/index.js";
import type { ImageEncoder } from "../roles/role-module.js";
import { overlaySvg } from "../vision/image/annotate.js";
import type { RawImage } from "../vision/image/raw-image.js";
import type { Box } from "../vision/image/resize.js";

/**
 * What every picture that leaves the device goes through (snapshots, live frames): downsized first, so
 * blurring and encoding work on fewer pixels; faces blurred before anything is encoded when privacy mode
 * is on (if blurring fails, the caller sends nothing); then JPEG small enough for its protocol message.
 */

const QUALITIES = [80, 65, 50];

export async function resizeTo(image: RawImage, width: number): Promise<RawImage> {
  if (width >= image.width) return { data: image.data, width: image.width, height: image.height };
  const height = Math.max(1, Math.round((image.height * width) / image.width));
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: "fill" })
    .raw()
    .toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width, height };
}

/** Blurs faces when `blurrer` is given; a blurrer that cannot load or run is an error, never a skip. */
export async function privateCopy(
  image: RawImage,
  blurrer: (() => Promise<FaceBlurrer>) | undefined,
): Promise<{ image: RawImage; faces: number }> {
  if (!blurrer) return { image, faces: 0 };
  const loaded = await blurrer().catch((err: Error) => {
    throw new Error(`faces cannot be blurred, so no picture is sent: ${err.message}`);
  });
  const out = await loaded.blurFaces(image);
  return { image: out, faces: out.faces };
}

export interface BoxOverlay {
  box: Box;
  label: string;
  score: number;
}

/**
 * Lower JPEG quality first, then the size, until the base64 text fits the message; a busy scene at
 * 1280 px usually fits at the first try, far below the limit. Boxes are in `image` pixels.
 */
export async function encodeWithin(image: RawImage, maxBase64: number, boxes: readonly BoxOverlay[] = []) {
  let current = image;
  let scale = 1;
  for (;;) {
    for (const quality of QUALITIES) {
      const raw = { raw: { width: current.width, height: current.height, channels: 3 as const } };
      let pipeline = sharp(current.data, raw);
      if (boxes.length > 0) {
        const scaled = boxes.map((b) => ({ ...b, box: b.box.map((v) => v * scale) as Box }));
        const lineWidth = Math.max(2, Math.round(Math.max(current.width, current.height) / 320));
        const svg = overlaySvg(current.width, current.height, scaled, lineWidth);
        pipeline = pipeline.composite([{ input: Buffer.from(svg), left: 0, top: 0 }]);
      }
      const bytes = await pipeline.jpeg({ quality }).toBuffer();
      const jpeg = bytes.toString("base64");
      if (jpeg.length <= maxBase64)
        return { jpeg, bytes: bytes.length, width: current.width, height: current.height, scale };
    }
    if (current.width <= 16) throw new Error(`a picture does not fit in ${maxBase64} base64 characters`);
    const width = Math.floor(current.width * 0.7);
    scale *= width / current.width;
    current = await resizeTo(current, width);
  }
}

/**
 * The pictures roles send (gate crops) take the same path: downsized, faces blurred when `blurrer`
 * gives a loader (read per picture, so a config push that turns privacy on applies at once), JPEG
 * within the message's limit.
 */
export function imageEncoder(blurrer: () => (() => Promise<FaceBlurrer>) | undefined): ImageEncoder {
  return async (image, { maxBase64, maxWidth }) => {
    const resized = await resizeTo(image, Math.min(maxWidth ?? image.width, image.width));
    const load = blurrer();
    const { image: clean } = await privateCopy(resized, load);
    const { jpeg, width, height } = await encodeWithin(clean, maxBase64);
    return { jpeg, width, height, facesBlurred: load !== undefined };
  };
}
