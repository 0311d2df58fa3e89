import type { Box } from "../../vision/detect/detector.js";
import type { RawImage } from "../../vision/image/raw-image.js";
import type { OverlayState } from "../role-module.js";
import { BestFrames } from "./best-frames.js";
import type { Direction } from "./direction.js";
import { clampBox, cropRgb } from "./gate-crops.js";
import type { ReadResult } from "./gate-reader.js";
import type { FrameCrop, PassagePart } from "./passage-group.js";
import { confirmed, type FrameRead } from "./passage-votes.js";
import type { Track } from "./tracker.js";

/** What a tracked vehicle's code reading has come to, as the live view shows it. */
export type CaptureState = OverlayState;

/** Reading stops once this many frames gave the same valid code. */
const CONFIRMED_AFTER = 2;

/**
 * One vehicle's passage past one camera: which of its frames are worth reading (BestFrames), what
 * the reader found in them, and the crops an entry may need — those of the frames something was read
 * in and of the best frame seen, nothing else, so a long passage holds a bounded number of pictures.
 */
export class TrackPassage {
  readonly #frames: BestFrames;
  readonly #reads: FrameRead[] = [];
  readonly #crops = new Map<string, FrameCrop>();
  #bestScore = 0;
  #bestFrame: string | undefined;
  #state: CaptureState = "tracking";

  constructor(maxReads: number) {
    this.#frames = new BestFrames(maxReads);
  }

  get state(): CaptureState {
    return this.#state;
  }

  /**
   * Notes frame `key` of the vehicle (`region` in frame pixels, `score` from frameScore); true when it
   * should be read now. Once some valid code was read on enough frames nothing more is read.
   */
  see(key: string, frame: RawImage & { capturedAt: number }, region: Readonly<Box>, score: number): boolean {
    if (score > this.#bestScore) {
      const old = this.#bestFrame;
      if (old !== undefined && !this.#reads.some((r) => r.frame === old)) this.#crops.delete(old);
      this.#bestScore = score;
      this.#bestFrame = key;
      this.#keep(key, frame, region);
    }
    if (confirmed(this.#reads, CONFIRMED_AFTER) || !this.#frames.consider(score)) return false;
    this.#keep(key, frame, region);
    if (this.#state === "tracking") this.#state = "capturing";
    return true;
  }

  /** What the reader found in frame `key`, taken at `at`. */
  add(key: string, at: number, reads: readonly ReadResult[]): void {
    this.#reads.push(...reads.map((r) => ({ ...r, frame: key, at })));
    if (this.#reads.some((r) => r.valid)) this.#state = "captured";
  }

  /** The passage's contribution once its track has ended. */
  part(camera: string, track: Track, direction: Direction): PassagePart {
    return {
      camera,
      trackId: track.id,
      label: track.label,
      hits: track.hits,
      direction,
      reads: this.#reads,
      lastAt: track.lastAt,
      crops: this.#crops,
      bestFrame: this.#bestFrame,
    };
  }

  #keep(key: string, frame: RawImage & { capturedAt: number }, region: Readonly<Box>): void {
    const box = clampBox(region, frame.width, frame.height);
    const image = box && !this.#crops.has(key) ? cropRgb(frame, box) : undefined;
    if (box && image) this.#crops.set(key, { image, box, at: frame.capturedAt });
  }
}
