import {
  type PixelRect,
  pointInPolygon,
  polygonBounds,
  toPixels,
  type Vec,
} from "../../analysis/geometry.js";
import { MotionFilter } from "../../analysis/motion-filter.js";
import type { Box, Detection, Detector } from "../../vision/detect/detector.js";
import type { RawImage } from "../../vision/image/raw-image.js";
import type {
  Analysis,
  ImageEncoder,
  OverlayBox,
  RoleAnalyzer,
  RoleEvent,
  RoleEvents,
  RoleFrame,
} from "../role-module.js";
import { frameScore } from "./best-frames.js";
import { withCrops } from "./crop-events.js";
import { directionOf } from "./direction.js";
import { activityError, GateActivity } from "./gate-activity.js";
import { type GateCamera, type GateSettings, gateSettingsOf } from "./gate-config.js";
import { GateCounters } from "./gate-counters.js";
import { CropStore, type GateCrop, growBox } from "./gate-crops.js";
import { passageEntries } from "./gate-entries.js";
import type { ContainerReader, ReadResult } from "./gate-reader.js";
import { PassageGroup } from "./passage-group.js";
import { TrackPassage } from "./track-passage.js";
import { type Track, Tracker } from "./tracker.js";
import { distinctVehicles } from "./vehicle-boxes.js";

/**
 * How long a camera's own passage stays open after its last track ended: a truck's fragments end
 * within a few frames of each other on the clip (up to ~0.45 s apart), and every ms here is added to
 * passage end → entry.
 */
const SOLO_LINGER_MS = 600;

export interface GateAnalyzerDeps {
  readonly detector: Detector;
  readonly reader: ContainerReader;
  /** The agent's threshold, for a camera that sets none of its own. */
  readonly scoreThreshold: number;
  /** The role's clock (passage grouping, linger); frames carry their own capture times. */
  now(): number;
  /** The agent's passage group of that name, shared by the cameras naming it. */
  group?(name: string): PassageGroup;
  /** Makes entry crops into pictures for the hub; without it crops wait in `takeCrop`. */
  readonly encodeImage?: ImageEncoder;
}

/** The tracked region is grown a little before reading: codes are painted close to a container's edge. */
const REGION_MARGIN = 0.05;
const NO_ZONE = { polygon: [], rect: { x: 0, y: 0, width: 0, height: 0 } };

/**
 * The gate pipeline of one camera. While the lane is empty a motion filter over the zone decides
 * whether the detector runs at all; vehicles (configured classes, centre in the zone) are tracked, and
 * while any is, the analysis says `active` so capture samples faster. The best frames of each track
 * are read by the ContainerReader as they come; when the track ends its reads are voted into one
 * gateEntry per container (alone, or with the other cameras of its passage group), each followed by
 * its crop (gateCrop); what happens on the way is told as gateActivity.
 */
export class GateAnalyzer implements RoleAnalyzer<GateCamera> {
  readonly #crops = new CropStore();
  readonly #activity = new GateActivity();
  readonly #passages = new Map<number, TrackPassage>();
  readonly #tracker = new Tracker();
  #settings!: GateSettings;
  #motion!: MotionFilter;
  #group: PassageGroup | undefined;
  /** The camera's own passage when it names no group; kept across reconfigures. */
  readonly #solo = new PassageGroup(SOLO_LINGER_MS);
  #size = { width: 0, height: 0 };
  #zone: { polygon: Vec[]; rect: PixelRect } = NO_ZONE;
  readonly #counters = new GateCounters();

  constructor(
    private camera: GateCamera,
    private readonly deps: GateAnalyzerDeps,
  ) {
    this.#apply(camera);
  }

  async analyse(frame: RoleFrame, opts: { live: boolean }): Promise<Analysis> {
    this.#fit(frame);
    const now = this.deps.now();
    if (this.#tracker.live.length === 0) {
      const motion = this.#motion.assess(frame, [{ id: "zone", ...this.#zone }]);
      const { enabled } = this.#settings.motion;
      if (!opts.live && enabled && !motion.runDetector) return this.#result(this.#collect(now), 0, false);
    }
    const started = performance.now();
    const scoreThreshold = this.camera.scoreThreshold ?? this.deps.scoreThreshold;
    const found = await this.deps.detector.detect(frame, { scoreThreshold });
    const vehicles = distinctVehicles(found.filter((d) => this.#inZone(d)));
    const { live, ended } = this.#tracker.update(vehicles, frame.capturedAt);
    const events = ended.flatMap((track) => this.#end(track, now));
    for (const track of live) {
      if (track.missed > 0) continue;
      if (track.hits === this.#settings.minTrackFrames) this.#activity.detected(track.id);
      await this.#consider(track, frame);
    }
    events.push(...this.#collect(now));
    return this.#result(events, performance.now() - started, opts.live);
  }

  /** Gate entries are one-off events: there is no retained state to restate. */
  snapshot(): RoleEvent[] {
    return [];
  }

  /** Vehicles in view are finished with what was read of them; nothing else carries over the outage. */
  cameraDown(): Promise<RoleEvent[]> {
    const now = this.deps.now();
    const events = this.#tracker.clear().flatMap((track) => this.#end(track, now));
    this.#motion.forget();
    // No frame may come to let a camera's own passage linger out: it ends with the camera.
    return this.#publish([...events, ...this.#collect(now, !this.camera.passageGroup)]);
  }

  /** New settings apply from the next frame; a move to another passage group finishes current tracks. */
  reconfigure(camera: GateCamera): RoleEvents {
    const events = camera.passageGroup !== this.camera.passageGroup ? this.cameraDown() : [];
    this.#apply(camera);
    return events;
  }

  #apply(camera: GateCamera): void {
    this.camera = camera;
    this.#settings = gateSettingsOf(camera);
    this.#tracker.configure({ lostAfterFrames: camera.lostAfterFrames });
    this.#motion = new MotionFilter({ patchSize: 32, ...camera.motion });
    // Without a configured group the camera's tracks still form passages of their own: fragments of
    // one truck (a cab and its box, a track lost and found again) vote together, so a container gets
    // one entry and the fragments no empty ones.
    this.#group = camera.passageGroup ? this.deps.group?.(camera.passageGroup) : this.#solo;
    this.#size = { width: 0, height: 0 };
  }

  state() {
    const tracks = this.#tracker.live.map((t) => ({
      id: t.id,
      label: t.label,
      hits: t.hits,
      state: this.#passages.get(t.id)?.state ?? "tracking",
    }));
    return { gate: { tracks, ...this.#counters.section() } };
  }

  /** The crop behind an entry's `snapshotRef` not yet sent (no encoder), handed over once. */
  takeCrop(ref: string): GateCrop | undefined {
    return this.#crops.take(ref);
  }

  async #result(events: RoleEvent[], inferenceMs: number, live: boolean): Promise<Analysis> {
    const active = this.#active();
    const overlay = live ? this.#overlay() : undefined;
    const published = await this.#publish(events);
    return {
      events: published,
      active,
      ...(inferenceMs > 0 ? { inferenceMs } : {}),
      ...(overlay ? { overlay } : {}),
    };
  }

  /** A vehicle is in the zone, or a grouped passage is still open: capture stays fast. */
  #active(): boolean {
    return this.#tracker.live.length > 0 || (this.#group?.pending ?? false);
  }

  /**
   * The entries with their crops, then what the pipeline did meanwhile. The activity is taken before
   * encoding starts, so the lane's started/stopped pairs stay in order whatever finishes first.
   */
  async #publish(entries: readonly RoleEvent[]): Promise<RoleEvent[]> {
    const activity = this.#activity.take(this.#active());
    const { events, failures } = await withCrops(entries, this.#crops, this.deps.encodeImage);
    this.#counters.sent(events);
    return [...events, ...activity, ...failures.map((m) => activityError(m))];
  }

  #inZone(d: Detection): boolean {
    if (!this.#settings.vehicleClasses.has(d.label)) return false;
    const centre: Vec = [(d.box[0] + d.box[2]) / 2, (d.box[1] + d.box[3]) / 2];
    return pointInPolygon(centre, this.#zone.polygon);
  }

  /** Scores the frame for this track and reads it when it is one of the passage's best so far. */
  async #consider(track: Track, frame: RoleFrame): Promise<void> {
    let passage = this.#passages.get(track.id);
    if (!passage) {
      passage = new TrackPassage(this.#settings.maxOcrFrames);
      this.#passages.set(track.id, passage);
      this.#group?.begin(this.camera.id, track.id);
    }
    const key = `${this.camera.id}@${frame.capturedAt}`;
    const region = growBox(track.box, REGION_MARGIN);
    if (!passage.see(key, frame, region, frameScore(frame, track.box))) return;
    this.#activity.attempt(track.id);
    let reads: ReadResult[] = [];
    try {
      reads = await this.deps.reader.read(frame, region);
      this.#activity.result(track.id, reads);
    } catch (err) {
      // One failed read costs one frame of the passage, not the camera's tracking.
      const message = (err as Error).message;
      this.#counters.readFailed(message);
      this.#activity.error(`reading track ${track.id} failed: ${message}`, track.id);
    }
    passage.add(key, frame.capturedAt, reads);
  }

  /** A track ended: its passage part, or nothing when it was too short to be a vehicle passing. */
  #end(track: Track, now: number): RoleEvent[] {
    const passage = this.#passages.get(track.id);
    this.#passages.delete(track.id);
    const direction = directionOf(track.first, track.last, this.#settings.directionLine, this.#size);
    const long = passage && track.hits >= this.#settings.minTrackFrames;
    const part = long ? passage.part(this.camera.id, track, direction) : undefined;
    if (this.#group && passage) {
      this.#group.end(this.camera.id, track.id, part, now);
      return [];
    }
    return part ? passageEntries([part], this.#crops) : [];
  }

  #collect(now: number, flush = false): RoleEvent[] {
    const parts = flush ? this.#group?.flush() : this.#group?.collect(now);
    return parts ? passageEntries(parts, this.#crops) : [];
  }

  #overlay(): OverlayBox[] {
    return this.#tracker.live
      .filter((t) => t.missed === 0)
      .map((t) => ({
        label: t.label,
        classId: this.deps.detector.labels.indexOf(t.label),
        score: t.score,
        box: [...t.box] as Box,
        track: t.id,
        state: this.#passages.get(t.id)?.state ?? "tracking",
      }));
  }

  /** The zone is normalised; convert once per frame size (cameras may change resolution). */
  #fit(frame: RawImage): void {
    if (frame.width === this.#size.width && frame.height === this.#size.height) return;
    this.#size = { width: frame.width, height: frame.height };
    const polygon = toPixels(this.#settings.zone, frame.width, frame.height);
    this.#zone = { polygon, rect: polygonBounds(polygon, frame.width, frame.height) };
    this.#motion.forget();
  }
}
