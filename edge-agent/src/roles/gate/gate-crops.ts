import type { Box } from "../../vision/detect/detector.js";
import type { RawImage } from "../../vision/image/raw-image.js";

/** Integer pixel box inside the frame, or undefined when nothing of `box` is in it. */
export function clampBox(box: Readonly<Box>, width: number, height: number): Box | undefined {
  const x1 = Math.max(0, Math.floor(box[0]));
  const y1 = Math.max(0, Math.floor(box[1]));
  const x2 = Math.min(width, Math.ceil(box[2]));
  const y2 = Math.min(height, Math.ceil(box[3]));
  return x2 > x1 && y2 > y1 ? [x1, y1, x2, y2] : undefined;
}

/** `box` grown by `share` of its size on every side (codes are painted up to the container's edge). */
export function growBox(box: Readonly<Box>, share: number): Box {
  const dx = (box[2] - box[0]) * share;
  const dy = (box[3] - box[1]) * share;
  return [box[0] - dx, box[1] - dy, box[2] + dx, box[3] + dy];
}

/** A copy of the pixels of `box` (clamped to the frame); frames are reused, a kept crop must not be. */
export function cropRgb(frame: RawImage, box: Readonly<Box>): RawImage | undefined {
  const b = clampBox(box, frame.width, frame.height);
  if (!b) return undefined;
  const [x1, y1, x2, y2] = b;
  const width = x2 - x1;
  const height = y2 - y1;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const from = ((y1 + y) * frame.width + x1) * 3;
    data.set(frame.data.subarray(from, from + width * 3), y * width * 3);
  }
  return { data, width, height };
}

/** The pixels behind one gate entry, where they were in the frame and when the frame was taken. */
export interface GateCrop {
  readonly ref: string;
  readonly image: RawImage;
  /** Where the crop sits in its frame, frame pixels. */
  readonly box: Box;
  readonly at: number;
}

/**
 * The crops of recent gate entries, by the entry's `snapshotRef`, until crop-events.ts sends them
 * behind their entries (or, without an encoder, whoever asks). Raw pixels, not JPEG: every picture
 * leaving the device goes through the agent's encoder (agent/outgoing-image.ts), which blurs faces
 * first. Bounded by bytes, oldest dropped first, so crops nobody takes cost a fixed amount of memory.
 */
export class CropStore {
  readonly #crops = new Map<string, GateCrop>();
  #bytes = 0;

  constructor(private readonly maxBytes = 32 * 1024 * 1024) {}

  put(crop: GateCrop): void {
    this.take(crop.ref);
    this.#crops.set(crop.ref, crop);
    this.#bytes += crop.image.data.length;
    for (const [ref, old] of this.#crops) {
      if (this.#bytes <= this.maxBytes || ref === crop.ref) break;
      this.#crops.delete(ref);
      this.#bytes -= old.image.data.length;
    }
  }

  get(ref: string): GateCrop | undefined {
    return this.#crops.get(ref);
  }

  /** Hands the crop over and forgets it (stored elsewhere now). */
  take(ref: string): GateCrop | undefined {
    const crop = this.#crops.get(ref);
    if (!crop) return undefined;
    this.#crops.delete(ref);
    this.#bytes -= crop.image.data.length;
    return crop;
  }

  get size(): number {
    return this.#crops.size;
  }
}
