import { type SnapshotRequest, snapshotSchema } from "@sitewatch/shared-protocol";
import sharp from "sharp";
import type { CapturedFrame } from "../capture/frame-source.js";
import type { EventFactory } from "../delivery/event-factory.js";
import type { FaceBlurrer } from "../privacy/index.js";
import type { RawImage } from "../vision/image/raw-image.js";

/** The base64 limit of the snapshot message, read from the protocol so the two cannot drift apart. */
export const MAX_SNAPSHOT_BASE64 = snapshotSchema.shape.jpeg.maxLength ?? 1_000_000;

export interface SnapshotHandlerDeps {
  site: string;
  device: string;
  /** The running cameras; only `latestFrame` is used. */
  cameras: ReadonlyMap<string, { readonly latestFrame: CapturedFrame | undefined }>;
  events: Pick<EventFactory, "emit">;
  /** Read on every request, so a config push that changes privacy applies at once. */
  blurFaces: () => boolean;
  /** Loads the face model on first use; a device whose hub never asks for pictures never pays for it. */
  blurrer: () => Promise<FaceBlurrer>;
  now?: () => number;
  /** Base64 limit; tests lower it to exercise the shrinking. */
  maxBase64?: number;
}

const QUALITIES = [80, 65, 50];

/**
 * Answers the hub's snapshotRequest with the camera's newest analysed frame as a JPEG on the camera's
 * snapshot topic. The picture is downsized to the requested width first (cheaper blur and encode) and
 * faces are blurred before anything is encoded when privacy mode is on; if blurring fails, nothing is
 * sent. The returned result becomes the `completed` ack; a thrown error becomes the `failed` one.
 */
export function createSnapshotHandler(deps: SnapshotHandlerDeps) {
  const now = deps.now ?? Date.now;
  const maxBase64 = deps.maxBase64 ?? MAX_SNAPSHOT_BASE64;
  return async (request: SnapshotRequest): Promise<Record<string, unknown>> => {
    const camera = deps.cameras.get(request.camera);
    if (!camera) {
      const known = [...deps.cameras.keys()].join(", ") || "none";
      throw new Error(`no running camera ${request.camera} (running: ${known})`);
    }
    const frame = camera.latestFrame;
    if (!frame)
      throw new Error(`camera ${request.camera} has no picture yet (not connected or still starting)`);
    let image = await resize(frame, Math.min(request.maxWidth, frame.width));
    const blurred = deps.blurFaces();
    let faces = 0;
    if (blurred) {
      const blurrer = await deps.blurrer().catch((err: Error) => {
        throw new Error(`faces cannot be blurred, so no picture is sent: ${err.message}`);
      });
      const out = await blurrer.blurFaces(image);
      faces = out.faces;
      image = out;
    }
    const { jpeg, bytes, width, height } = await encodeWithin(image, maxBase64);
    const event = deps.events.emit(
      "snapshot",
      { site: deps.site, device: deps.device, camera: request.camera },
      { command: request.id, width, height, jpeg, facesBlurred: blurred },
    );
    return {
      snapshot: event.id,
      width,
      height,
      bytes,
      facesBlurred: blurred,
      faces,
      frameAgeMs: Math.max(0, now() - frame.capturedAt),
    };
  };
}

async function resize(image: RawImage, width: number): Promise<RawImage> {
  if (width >= image.width) return { data: image.data, width: image.width, height: image.height };
  const height = Math.max(1, Math.round((image.height * width) / image.width));
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: "fill" })
    .raw()
    .toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width, height };
}

/**
 * Lower JPEG quality first, then the size, until the base64 text fits the message; a busy scene at
 * 1280 px usually fits at the first try, far below the limit.
 */
async function encodeWithin(image: RawImage, maxBase64: number) {
  let current = image;
  for (;;) {
    for (const quality of QUALITIES) {
      const raw = { raw: { width: current.width, height: current.height, channels: 3 as const } };
      const bytes = await sharp(current.data, raw).jpeg({ quality }).toBuffer();
      const jpeg = bytes.toString("base64");
      if (jpeg.length <= maxBase64)
        return { jpeg, bytes: bytes.length, width: current.width, height: current.height };
    }
    if (current.width <= 16) throw new Error(`a snapshot does not fit in ${maxBase64} base64 characters`);
    current = await resize(current, Math.floor(current.width * 0.7));
  }
}
