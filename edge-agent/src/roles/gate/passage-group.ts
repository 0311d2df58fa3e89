import type { Box } from "../../vision/detect/detector.js";
import type { RawImage } from "../../vision/image/raw-image.js";
import type { Direction } from "./direction.js";
import type { FrameRead } from "./passage-votes.js";

/** A frame's pixels kept for a gate entry: the tracked region and where it sat in the frame. */
export interface FrameCrop {
  readonly image: RawImage;
  readonly box: Readonly<Box>;
  readonly at: number;
}

/** What one camera's track contributes to a passage once it has ended. */
export interface PassagePart {
  readonly camera: string;
  readonly trackId: number;
  /** The detector's label for the vehicle (truck, bus, …). */
  readonly label: string;
  readonly hits: number;
  readonly direction: Direction;
  readonly reads: readonly FrameRead[];
  /** When the track was last seen. */
  readonly lastAt: number;
  /** The crops of the frames that were read and of the best-scoring one, by `FrameRead.frame`. */
  readonly crops: ReadonlyMap<string, FrameCrop>;
  /** The frame that scored best, read or not: the entry's picture when nothing was read. */
  readonly bestFrame?: string;
}

/**
 * Cameras at one gate (rear from above, both sides, …) see the same truck at about the same time. Their
 * tracks form one passage: it is over when every track in it has ended and none has begun for
 * `lingerMs`, and then one camera collects all parts and votes them into one entry per container.
 * Vehicles that overlap in time at one gate are one passage; the vote still gives each container its
 * own entry.
 */
export class PassageGroup {
  readonly #open = new Set<string>();
  #parts: PassagePart[] = [];
  #quietSince = 0;

  constructor(readonly lingerMs = 2_000) {}

  begin(camera: string, trackId: number): void {
    this.#open.add(`${camera}#${trackId}`);
  }

  /** The track ended; `part` is its contribution, or undefined when it was too short to count. */
  end(camera: string, trackId: number, part: PassagePart | undefined, now: number): void {
    if (!this.#open.delete(`${camera}#${trackId}`)) return;
    if (part) this.#parts.push(part);
    if (this.#open.size === 0) this.#quietSince = now;
  }

  /** A passage is waiting for its last tracks or for the linger to run out. */
  get pending(): boolean {
    return this.#open.size > 0 || this.#parts.length > 0;
  }

  /** Every part once no track is open, without waiting for the linger (the camera went away). */
  flush(): PassagePart[] | undefined {
    if (this.#open.size > 0 || this.#parts.length === 0) return;
    const parts = this.#parts;
    this.#parts = [];
    return parts;
  }

  /** The finished passage's parts, handed to exactly one caller; undefined while it is not over. */
  collect(now: number): PassagePart[] | undefined {
    if (this.#open.size > 0 || this.#parts.length === 0 || now - this.#quietSince < this.lingerMs) return;
    const parts = this.#parts;
    this.#parts = [];
    return parts;
  }
}

/** The groups of one agent by name; cameras naming the same `passageGroup` share one. */
export class PassageGroups {
  readonly #groups = new Map<string, PassageGroup>();

  constructor(private readonly lingerMs?: number) {}

  get(name: string): PassageGroup {
    let group = this.#groups.get(name);
    if (!group) {
      group = new PassageGroup(this.lingerMs);
      this.#groups.set(name, group);
    }
    return group;
  }
}
