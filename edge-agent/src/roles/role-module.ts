import type { AddressOf, CameraConfig } from "@sitewatch/shared-protocol";
import type { z } from "zod";
import type { CameraBase } from "../agent-config/camera-base.js";
import type { KeyframeMode } from "../capture/frame-sampler.js";
import type { EventFields, EventKind } from "../delivery/event-factory.js";
import type { Detection } from "../vision/detect/detector.js";
import type { RawImage } from "../vision/image/raw-image.js";
import type { ModelName, SharedModels } from "./shared-models.js";

// The seam between a camera and what it is for. A generic camera worker (agent/camera-worker.ts) owns
// capture, live view, health and restarts; a role only turns frames into events. Roles are listed once,
// in role-table.ts.

/**
 * A decoded picture. RTSP capture makes them, and so can anything else (a browser's WebSocket for the
 * attention role): nothing a role sees depends on where frames come from. Treat the pixels as read-only.
 */
export interface RoleFrame extends RawImage {
  /** Wall-clock epoch ms when the picture was taken (decoded, or received). */
  readonly capturedAt: number;
}

/** What a role asks of capture, derived from its camera's settings. */
export interface CaptureNeeds {
  /** Sample one frame every this many ms while nothing is happening. */
  intervalMs: number;
  /** Sample this often instead while the analyser reports activity (a vehicle at the gate). */
  activeIntervalMs?: number;
  /** Downscale to at most this width before analysis. */
  maxWidth?: number;
  /** "always" decodes keyframes only; "auto" (default) lets the sampler decide from the interval. */
  keyframes?: KeyframeMode;
}

/** Camera-scoped event kinds: what a role may publish about its camera. */
export type CameraEventKind = {
  [K in EventKind]: AddressOf<K> extends { camera: string } ? K : never;
}[EventKind];

/**
 * One event for the hub without envelope or address; the worker adds the camera's address. `id` is
 * given only when a later event must name this one (a gate crop names its entry): a UUIDv7 the role
 * mints with shared-protocol's `uuidv7`; otherwise the event gets its id when it is emitted.
 */
export type RoleEvent = {
  [K in CameraEventKind]: { kind: K; fields: EventFields<K>; id?: string };
}[CameraEventKind];

/** What a hook hands back: events at once, or once the I/O-free async work they need is done. */
export type RoleEvents = readonly RoleEvent[] | Promise<readonly RoleEvent[]>;

/** Where a tracked object is in its role's capture cycle, as the live view shows it. */
export type OverlayState = "tracking" | "capturing" | "captured";

/** A box for the live view: a detection, and for tracked objects their id and capture state. */
export interface OverlayBox extends Detection {
  readonly track?: number;
  readonly state?: OverlayState;
}

export interface AnalyseOptions {
  /** Someone watches this camera live: produce `overlay` boxes for this frame. */
  live: boolean;
}

export interface Analysis {
  readonly events: readonly RoleEvent[];
  /** Boxes to draw on the live view, in frame pixels (only asked for while someone watches). */
  readonly overlay?: readonly OverlayBox[];
  /** Milliseconds spent in models for this frame; absent when no model ran. Feeds health. */
  readonly inferenceMs?: number;
  /** Something is happening: capture samples at `activeIntervalMs` until a frame says otherwise. */
  readonly active?: boolean;
}

/** A compressed packet, for roles that record instead of analysing pixels. */
export interface EncodedPacket {
  readonly data: Uint8Array;
  readonly pts: number;
  readonly keyframe: boolean;
}

/**
 * One camera's analysis for one role: stateful across frames (trackers, best-frame selection live here),
 * no I/O of its own. Every hook returns the events to publish, in order; `cameraDown` and `reconfigure`
 * may return them as a promise (a picture to encode first), and the worker keeps hook order anyway.
 */
export interface RoleAnalyzer<C extends CameraBase = CameraBase> {
  analyse(frame: RoleFrame, opts: AnalyseOptions): Promise<Analysis>;
  /**
   * The events that restate the role's whole state (e.g. the retained seat checkpoint); the worker
   * publishes them when it starts and whenever the MQTT session comes back.
   */
  snapshot(): readonly RoleEvent[];
  /** The camera stopped streaming: nothing seen before can be trusted any more. */
  cameraDown(): RoleEvents;
  /** A config push changed this camera's role settings (capture settings unchanged). */
  reconfigure(camera: C): RoleEvents;
  /** The role's part of agent-state.json, by section: `{ seats: [...] }` lands in `seats[<camera>]`. */
  state(): Readonly<Record<string, unknown>>;
  /** Compressed packets before decoding; not called yet: the recording role adds the capture tap. */
  onPacket?(packet: EncodedPacket): void;
}

export interface EncodeImageOptions {
  /** The longest base64 text the picture's message allows (read it from the message's schema). */
  maxBase64: number;
  /** Downscale to at most this width first. */
  maxWidth?: number;
}

export interface EncodedImage {
  /** Base64 JPEG. */
  readonly jpeg: string;
  readonly width: number;
  readonly height: number;
  /** Privacy mode was on: faces were blurred before encoding. */
  readonly facesBlurred: boolean;
}

/**
 * Turns pixels into a picture that may leave the device: the path snapshots and live frames take
 * (agent/outgoing-image.ts), faces blurred in privacy mode. Rejects rather than send unblurred faces.
 */
export type ImageEncoder = (image: RawImage, opts: EncodeImageOptions) => Promise<EncodedImage>;

/** What the agent hands a role's factory: the shared models it asked for, settings and a clock. */
export interface RoleContext<M extends ModelName = ModelName> {
  readonly models: Pick<SharedModels, M>;
  /** The config file's detector.scoreThreshold. */
  readonly scoreThreshold: number;
  /** The clock of the role's state machines; tests drive hours of fake time through it. */
  now(): number;
  /** Pictures for the hub go through this; the agent always gives it, tests of roles sending none need not. */
  readonly encodeImage?: ImageEncoder;
}

/** A camera entry schema usable as one option of the config file's union on `role`. */
export type RoleCameraSchema = z.ZodType<CameraBase, unknown> & z.core.$ZodTypeDiscriminable;

/** What the agent knows of every role, runnable or not: its config entry and how a push fills it. */
export interface RoleEntry<S extends RoleCameraSchema = RoleCameraSchema> {
  /** The camera entry of this role in the agent's config file. */
  readonly camera: S;
  /**
   * The role's own settings from a hub push (`pushed.role` is this role), to lay over the device's entry
   * of the same role (`mine`, when it had one). Absent: the push carries nothing of the role's own.
   */
  fromPush?(pushed: CameraConfig, mine: z.output<S> | undefined): Record<string, unknown>;
}

/** A role the agent can run: the models it needs and how to build its analyser for a camera. */
export interface RoleModule<S extends RoleCameraSchema = RoleCameraSchema, M extends ModelName = ModelName>
  extends RoleEntry<S> {
  /** Loaded once by the agent and shared by every camera of every role that names them. */
  readonly models: readonly M[];
  capture(camera: z.output<S>): CaptureNeeds;
  create(camera: z.output<S>, ctx: RoleContext<M>): RoleAnalyzer<z.output<S>>;
}

export function isRunnable(entry: RoleEntry): entry is RoleModule {
  return "create" in entry;
}
