import type { Box } from "../../vision/detect/detector.js";

export type Point = readonly [x: number, y: number];

/** One detection handed to the tracker, in frame pixels. */
export interface TrackInput {
  readonly box: Readonly<Box>;
  readonly label: string;
  readonly score: number;
}

/** A vehicle followed across frames. `missed === 0` means it was matched on the latest frame. */
export interface Track {
  readonly id: number;
  /** The label the detector gave most often (a truck is sometimes called a bus). */
  readonly label: string;
  readonly box: Readonly<Box>;
  readonly score: number;
  /** Frames it was matched on, and frames in a row it has not been. */
  readonly hits: number;
  readonly missed: number;
  readonly firstAt: number;
  readonly lastAt: number;
  /** Box centre when first and last seen: where it came from and where it went. */
  readonly first: Point;
  readonly last: Point;
}

export interface TrackerOptions {
  /** A track unmatched on this many frames in a row has left and ends. */
  lostAfterFrames: number;
  /** Overlap with the predicted box that counts as the same vehicle. */
  minIou: number;
  /** Without overlap, a centre this close (share of the larger box diagonal) still matches. */
  maxJump: number;
}

export interface TrackUpdate {
  /** Tracks still alive after this frame, oldest first. */
  readonly live: readonly Track[];
  /** Tracks that ended on this frame. */
  readonly ended: readonly Track[];
}

interface State extends Track {
  label: string;
  box: Box;
  score: number;
  hits: number;
  missed: number;
  lastAt: number;
  last: Point;
  velocity: Point;
  labels: Map<string, number>;
}

export const DEFAULT_TRACKER_OPTIONS: TrackerOptions = { lostAfterFrames: 4, minIou: 0.2, maxJump: 0.6 };

const centre = (b: Readonly<Box>): Point => [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
const diagonal = (b: Readonly<Box>) => Math.hypot(b[2] - b[0], b[3] - b[1]);

export function iou(a: Readonly<Box>, b: Readonly<Box>): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
}

/**
 * IoU + centroid tracker. Each track's box is moved by its last velocity for every frame it is due,
 * so a truck that slid on behind a post is still found; pairs that overlap are matched first, then
 * pairs whose centres are close. Pure and deterministic: same detections, same ids, and an id is
 * never handed out twice by one tracker.
 */
export class Tracker {
  #next = 1;
  #tracks: State[] = [];
  #opts: TrackerOptions;

  constructor(opts: Partial<TrackerOptions> = {}) {
    this.#opts = { ...DEFAULT_TRACKER_OPTIONS, ...opts };
  }

  get live(): readonly Track[] {
    return this.#tracks;
  }

  /** Lost-after changes apply to tracks from now on; ids keep counting. */
  configure(opts: Partial<TrackerOptions>): void {
    this.#opts = { ...this.#opts, ...opts };
  }

  update(detections: readonly TrackInput[], at: number): TrackUpdate {
    const pairs: { t: number; d: number; rank: number; cost: number }[] = [];
    this.#tracks.forEach((track, t) => {
      const predicted = this.#predict(track);
      detections.forEach((det, d) => {
        const overlap = iou(predicted, det.box);
        if (overlap >= this.#opts.minIou) {
          pairs.push({ t, d, rank: 0, cost: -overlap });
          return;
        }
        const [px, py] = centre(predicted);
        const [dx, dy] = centre(det.box);
        const jump = Math.hypot(px - dx, py - dy) / Math.max(diagonal(predicted), diagonal(det.box), 1);
        if (jump <= this.#opts.maxJump) pairs.push({ t, d, rank: 1, cost: jump });
      });
    });
    pairs.sort((a, b) => a.rank - b.rank || a.cost - b.cost || a.t - b.t || a.d - b.d);
    const trackTaken = new Set<number>();
    const detTaken = new Set<number>();
    for (const { t, d } of pairs) {
      if (trackTaken.has(t) || detTaken.has(d)) continue;
      trackTaken.add(t);
      detTaken.add(d);
      this.#match(this.#tracks[t] as State, detections[d] as TrackInput, at);
    }
    const ended: Track[] = [];
    this.#tracks = this.#tracks.filter((track, t) => {
      if (trackTaken.has(t)) return true;
      track.missed += 1;
      if (track.missed < this.#opts.lostAfterFrames) return true;
      ended.push(track);
      return false;
    });
    detections.forEach((det, d) => {
      if (!detTaken.has(d)) this.#tracks.push(this.#start(det, at));
    });
    return { live: this.#tracks, ended };
  }

  /** Ends every track at once (the camera went down); ids keep counting. */
  clear(): Track[] {
    const ended = this.#tracks;
    this.#tracks = [];
    return ended;
  }

  #predict(track: State): Box {
    const steps = track.missed + 1;
    const [vx, vy] = track.velocity;
    const [x1, y1, x2, y2] = track.box;
    return [x1 + vx * steps, y1 + vy * steps, x2 + vx * steps, y2 + vy * steps];
  }

  #start(det: TrackInput, at: number): State {
    const c = centre(det.box);
    return {
      id: this.#next++,
      label: det.label,
      box: [...det.box] as Box,
      score: det.score,
      hits: 1,
      missed: 0,
      firstAt: at,
      lastAt: at,
      first: c,
      last: c,
      velocity: [0, 0],
      labels: new Map([[det.label, 1]]),
    };
  }

  #match(track: State, det: TrackInput, at: number): void {
    const c = centre(det.box);
    const steps = track.missed + 1;
    const step: Point = [(c[0] - track.last[0]) / steps, (c[1] - track.last[1]) / steps];
    // The first step is all there is to go on; after that, half of the old velocity damps jitter.
    track.velocity =
      track.hits === 1 ? step : [(track.velocity[0] + step[0]) / 2, (track.velocity[1] + step[1]) / 2];
    track.box = [...det.box] as Box;
    track.score = det.score;
    track.hits += 1;
    track.missed = 0;
    track.lastAt = at;
    track.last = c;
    track.labels.set(det.label, (track.labels.get(det.label) ?? 0) + 1);
    let best = track.label;
    for (const [label, count] of track.labels) if (count > (track.labels.get(best) ?? 0)) best = label;
    track.label = best;
  }
}
