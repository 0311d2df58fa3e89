import type { FaceBlurrer } from "../../../privacy/face-blurrer.js";
import { type Annotation, annotate } from "../../../vision/image/annotate.js";
import type { RawImage } from "../../../vision/image/raw-image.js";
import { resizeRgb } from "../../../vision/image/resize.js";
import type { AnalysisThumbnail } from "./analysis-provider.js";

export interface ThumbnailOptions {
  /** Faces are pixelated before encoding when given (thumbnails are shown to dashboard users). */
  blurrer?: FaceBlurrer;
  /** Thumbnails wider than this are scaled down (default 640). */
  maxWidth?: number;
}

/**
 * Encodes incident thumbnails as JPEG and names them uniquely within one result, in the form the
 * protocol accepts (`[a-z0-9-]{1,64}.jpg`), e.g. `003-object-left.jpg`.
 */
export class ThumbnailWriter {
  readonly thumbnails: AnalysisThumbnail[] = [];

  constructor(private readonly options: ThumbnailOptions = {}) {}

  async add(kind: string, frame: RawImage, marks: readonly Annotation[] = []): Promise<string> {
    const slug = kind
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 48);
    const name = `${String(this.thumbnails.length + 1).padStart(3, "0")}-${slug || "incident"}.jpg`;
    this.thumbnails.push({ name, jpeg: await this.encode(frame, marks) });
    return name;
  }

  private async encode(frame: RawImage, marks: readonly Annotation[]): Promise<Buffer> {
    const blurred = this.options.blurrer ? await this.options.blurrer.blurFaces(frame) : frame;
    const maxWidth = this.options.maxWidth ?? 640;
    if (blurred.width <= maxWidth) return annotate(blurred, marks, { format: "jpeg" });
    const scale = maxWidth / blurred.width;
    const height = Math.max(2, Math.round(blurred.height * scale));
    const { image } = await resizeRgb(blurred, { width: maxWidth, height, fit: "stretch" });
    const scaled = marks.map(({ box: [x1, y1, x2, y2], ...mark }) => ({
      ...mark,
      box: [x1 * scale, y1 * scale, x2 * scale, y2 * scale] as const,
    }));
    return annotate(image, scaled, { format: "jpeg" });
  }
}
