import { gateCropSchema, uuidv7 } from "@sitewatch/shared-protocol";
import type { ImageEncoder, RoleEvent } from "../role-module.js";
import type { CropStore } from "./gate-crops.js";

/** The base64 limit of the gateCrop message, read from the protocol so the two cannot drift apart. */
export const MAX_CROP_BASE64 = gateCropSchema.shape.jpeg.maxLength ?? 400_000;
/** Wide enough to read the code on the picture, small enough to stay far below the message limit. */
export const CROP_MAX_WIDTH = 1280;

export interface CropOutcome {
  /** The entries, each followed by its crop when there was one to send. */
  readonly events: RoleEvent[];
  /** Why a crop was not sent (its entry still is), one line each. */
  readonly failures: string[];
}

/**
 * Puts each gate entry's picture right behind it: the crop its `snapshotRef` names leaves the
 * CropStore, goes through the agent's encoder (faces blurred in privacy mode) and becomes a
 * `gateCrop` naming the entry by the id minted for it here. A crop that cannot be encoded costs
 * the picture, never the entry. Without an encoder (tests of other parts) crops stay in the store.
 */
export async function withCrops(
  events: readonly RoleEvent[],
  crops: CropStore,
  encode: ImageEncoder | undefined,
): Promise<CropOutcome> {
  const out: RoleEvent[] = [];
  const failures: string[] = [];
  for (const event of events) {
    const ref = event.kind === "gateEntry" ? event.fields.snapshotRef : undefined;
    const crop = encode && ref !== undefined ? crops.take(ref) : undefined;
    if (!encode || !crop) {
      out.push(event);
      continue;
    }
    const id = event.id ?? uuidv7();
    out.push({ ...event, id });
    try {
      const picture = await encode(crop.image, { maxBase64: MAX_CROP_BASE64, maxWidth: CROP_MAX_WIDTH });
      const fields = { entry: id, jpeg: picture.jpeg, width: picture.width, height: picture.height };
      out.push({ kind: "gateCrop", fields });
    } catch (err) {
      failures.push(`crop of ${ref} not sent: ${(err as Error).message}`);
    }
  }
  return { events: out, failures };
}
