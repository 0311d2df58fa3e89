import type { Box } from "../../vision/detect/detector.js";
import type { RawImage } from "../../vision/image/raw-image.js";
import { clampBox } from "./gate-crops.js";

/**
 * How promising a frame of a tracked vehicle is for reading its code, 0..1. Bigger is better (more
 * pixels per character), so is central (less lens distortion and perspective) and sharp (a moving
 * truck smears the paint at long exposures); a box cut by the picture's edge likely misses part of
 * the code.
 */
export function frameScore(frame: RawImage, box: Readonly<Box>): number {
  const b = clampBox(box, frame.width, frame.height);
  if (!b) return 0;
  const [x1, y1, x2, y2] = b;
  const size = Math.sqrt(((x2 - x1) * (y2 - y1)) / (frame.width * frame.height));
  const off = Math.hypot((x1 + x2) / 2 / frame.width - 0.5, (y1 + y2) / 2 / frame.height - 0.5);
  const centrality = 1 - Math.min(1, off / Math.SQRT1_2);
  const margin = 0.01 * Math.max(frame.width, frame.height);
  const cut = [
    box[0] < margin,
    box[1] < margin,
    box[2] > frame.width - margin,
    box[3] > frame.height - margin,
  ].filter(Boolean).length;
  const s = sharpness(frame, b);
  return size * (0.5 + 0.5 * centrality) * 0.7 ** cut * (0.5 + (0.5 * s) / (s + SHARPNESS_HALF));
}

/** Mean absolute luma Laplacian at which a region counts as half sharp (sharp paint edges give ~20+). */
const SHARPNESS_HALF = 6;

/**
 * Mean absolute 4-neighbour Laplacian of luma at up to grid×grid points of the box: cheap enough for
 * every frame of a 1080p stream, and it falls as motion blur or defocus softens edges.
 */
export function sharpness(frame: RawImage, box: Readonly<Box>, grid = 48): number {
  const { data, width } = frame;
  const [x1, y1, x2, y2] = box;
  if (x2 - x1 < 3 || y2 - y1 < 3) return 0;
  const luma = (x: number, y: number) => {
    const i = (y * width + x) * 3;
    return 0.299 * (data[i] ?? 0) + 0.587 * (data[i + 1] ?? 0) + 0.114 * (data[i + 2] ?? 0);
  };
  const stepsX = Math.min(grid, x2 - x1 - 2);
  const stepsY = Math.min(grid, y2 - y1 - 2);
  let sum = 0;
  for (let gy = 0; gy < stepsY; gy++) {
    const y = y1 + 1 + Math.floor((gy * (y2 - y1 - 2)) / stepsY);
    for (let gx = 0; gx < stepsX; gx++) {
      const x = x1 + 1 + Math.floor((gx * (x2 - x1 - 2)) / stepsX);
      sum += Math.abs(4 * luma(x, y) - luma(x - 1, y) - luma(x + 1, y) - luma(x, y - 1) - luma(x, y + 1));
    }
  }
  return sum / (stepsX * stepsY);
}

/**
 * Which frames of one passage go to OCR, decided as they come (the passage's end is not known in
 * advance): the first usable one, then each that beats every frame read so far by `margin`, at most
 * `maxPicks` in all. An approaching truck grows frame by frame, so the picks climb towards its best
 * view instead of spending the budget on its first, smallest appearances.
 */
export class BestFrames {
  #picks = 0;
  #best = 0;

  constructor(
    private readonly maxPicks: number,
    private readonly margin = 0.1,
    private readonly minScore = 0.02,
  ) {}

  /** Whether the frame with this score should be read; counts it when it should. */
  consider(score: number): boolean {
    if (this.#picks >= this.maxPicks || score < this.minScore) return false;
    if (this.#picks > 0 && score <= this.#best * (1 + this.margin)) return false;
    this.#picks += 1;
    this.#best = score;
    return true;
  }

  get picks(): number {
    return this.#picks;
  }

  /** The best score read so far, 0 before the first pick. */
  get best(): number {
    return this.#best;
  }
}
