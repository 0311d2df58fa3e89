import type { Box } from "../../vision/detect/detector.js";
import type { RawImage } from "../../vision/image/raw-image.js";
import { cropRgb } from "./gate-crops.js";

/** One container code (or what was read instead of one) in a region of a frame. */
export interface ReadResult {
  /**
   * The eleven characters the reader settled on (after any check-digit repair it is sure of), e.g.
   * "CSQU3054383"; absent when the text had no code shape at all.
   */
  readonly code?: string;
  /** The check digit holds for `code`. A reader never marks a guess valid. */
  readonly valid: boolean;
  readonly confidence: number;
  /** Where the code was found, frame pixels. */
  readonly box: Readonly<Box>;
  /** What OCR read, before parsing. */
  readonly rawText: string;
  /** ISO 6346 size/type code printed with it ("22G1"), when read. */
  readonly sizeType?: string;
}

/**
 * What the gate pipeline asks of a container-code reader: the codes in `region` (frame pixels) of
 * `frame`, boxes in frame pixels. The gate role adapts roles/gate/code's CodeReader with
 * `regionReader`; tests pass fakes.
 */
export interface ContainerReader {
  read(frame: RawImage, region: Readonly<Box>): Promise<ReadResult[]>;
}

/** What the gate role uses of roles/gate/code's CodeReader: codes in a whole picture, its pixels. */
export interface PictureCodeReader {
  read(picture: RawImage): Promise<{
    codes: readonly {
      code: string;
      valid: boolean;
      confidence: number;
      box: readonly [number, number, number, number];
      rawText: string;
      sizeType: string | null;
    }[];
  }>;
}

const CODE_LENGTH = 11;

/**
 * A picture reader confined to the tracked region: it reads the crop (less text to wade through than
 * the whole frame, and no other vehicle's code) and its boxes are moved back into frame pixels. A
 * reading shorter than a code (the check digit was never found) keeps only its raw text.
 */
export function regionReader(reader: PictureCodeReader): ContainerReader {
  return {
    async read(frame, region) {
      const crop = cropRgb(frame, region);
      if (!crop) return [];
      const dx = Math.max(0, Math.floor(region[0]));
      const dy = Math.max(0, Math.floor(region[1]));
      const { codes } = await reader.read(crop);
      return codes.map((c) => ({
        ...(c.code.length === CODE_LENGTH ? { code: c.code } : {}),
        valid: c.valid && c.code.length === CODE_LENGTH,
        confidence: c.confidence,
        box: [c.box[0] + dx, c.box[1] + dy, c.box[2] + dx, c.box[3] + dy] as Box,
        rawText: c.rawText,
        ...(c.sizeType ? { sizeType: c.sizeType } : {}),
      }));
    },
  };
}
