import { type SnapshotRequest, snapshotSchema } from "@sitewatch/shared-protocol";
import type { CapturedFrame } from "../capture/frame-source.js";
import type { EventFactory } from "../delivery/event-factory.js";
import type { FaceBlurrer } from "../privacy/index.js";
import { encodeWithin, privateCopy, resizeTo } from "./outgoing-image.js";

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
    const resized = await resizeTo(frame, Math.min(request.maxWidth, frame.width));
    const blurred = deps.blurFaces();
    const { image, faces } = await privateCopy(resized, blurred ? deps.blurrer : undefined);
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
