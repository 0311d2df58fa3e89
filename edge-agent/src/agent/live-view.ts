import { type LiveStart, type LiveStop, liveFrameSchema } from "@sitewatch/shared-protocol";
import type { CapturedFrame } from "../capture/frame-source.js";
import type { EventFactory } from "../delivery/event-factory.js";
import type { FaceBlurrer } from "../privacy/index.js";
import type { OverlayBox } from "../roles/role-module.js";
import type { Box } from "../vision/image/resize.js";
import { encodeWithin, privateCopy, resizeTo } from "./outgoing-image.js";

const MAX_LIVE_BASE64 = liveFrameSchema.shape.jpeg.maxLength ?? 1_000_000;

/** What a camera worker needs while watched: the frame rate to sample at and where its frames go. */
export interface LiveFeed {
  fps: number;
  send(frame: CapturedFrame, detections: readonly OverlayBox[]): Promise<void>;
}

/** The part of a camera worker a live view drives. */
export interface LiveTarget {
  setLive(feed: LiveFeed | undefined): void;
}

export interface LiveViewDeps {
  site: string;
  device: string;
  cameras: ReadonlyMap<string, LiveTarget>;
  events: Pick<EventFactory, "emit">;
  /** Live frames are only worth sending now: while the link is down they are skipped, not queued. */
  connected: () => boolean;
  /** The face blurrer when privacy mode is on, read per frame so a config push applies at once. */
  blurrer: () => (() => Promise<FaceBlurrer>) | undefined;
}

interface Session {
  camera: string;
  fps: number;
  maxWidth: number;
  timer: NodeJS.Timeout;
}

/**
 * Live annotated views requested by the hub. A camera with at least one session samples at the session's
 * frame rate instead of its analysis interval, runs the detector on every frame and sends each one as a
 * liveFrame (boxes as data beside the picture, faces blurred in privacy mode). Sessions end on liveStop or when their TTL
 * runs out without a renewing liveStart, so a hub that vanishes leaves no camera streaming for long.
 */
export class LiveViews {
  private readonly sessions = new Map<string, Session>();
  private sent = 0;
  private skipped = 0;

  constructor(private readonly deps: LiveViewDeps) {}

  start(cmd: LiveStart): Record<string, unknown> {
    if (!this.deps.cameras.has(cmd.camera)) {
      const known = [...this.deps.cameras.keys()].join(", ") || "none";
      throw new Error(`no running camera ${cmd.camera} (running: ${known})`);
    }
    const previous = this.sessions.get(cmd.session);
    if (previous) clearTimeout(previous.timer);
    const timer = setTimeout(() => this.end(cmd.session), cmd.ttlMs);
    timer.unref();
    this.sessions.set(cmd.session, {
      camera: cmd.camera,
      fps: cmd.fps,
      maxWidth: cmd.maxWidth,
      timer,
    });
    if (previous?.camera !== undefined && previous.camera !== cmd.camera) this.apply(previous.camera);
    this.apply(cmd.camera);
    return { session: cmd.session, camera: cmd.camera, fps: cmd.fps, renewed: previous !== undefined };
  }

  stop(cmd: LiveStop): Record<string, unknown> {
    return { session: cmd.session, stopped: this.end(cmd.session) };
  }

  /** Re-attaches a camera's sessions to its worker, e.g. after a config push replaced the worker. */
  apply(camera: string): void {
    const target = this.deps.cameras.get(camera);
    const watching = [...this.sessions.entries()].filter(([, s]) => s.camera === camera);
    if (!target) return;
    if (watching.length === 0) {
      target.setLive(undefined);
      return;
    }
    const fps = Math.max(...watching.map(([, s]) => s.fps));
    target.setLive({ fps, send: (frame, detections) => this.send(camera, frame, detections) });
  }

  stats() {
    return { sessions: this.sessions.size, framesSent: this.sent, framesSkipped: this.skipped };
  }

  close(): void {
    for (const s of this.sessions.values()) clearTimeout(s.timer);
    const cameras = new Set([...this.sessions.values()].map((s) => s.camera));
    this.sessions.clear();
    for (const camera of cameras) this.apply(camera);
  }

  private end(session: string): boolean {
    const s = this.sessions.get(session);
    if (!s) return false;
    clearTimeout(s.timer);
    this.sessions.delete(session);
    this.apply(s.camera);
    return true;
  }

  private async send(camera: string, frame: CapturedFrame, detections: readonly OverlayBox[]): Promise<void> {
    const watching = [...this.sessions.entries()].filter(([, s]) => s.camera === camera);
    if (watching.length === 0) return;
    if (!this.deps.connected()) {
      this.skipped += 1;
      return;
    }
    const maxWidth = Math.max(...watching.map(([, s]) => s.maxWidth));
    const resized = await resizeTo(frame, Math.min(maxWidth, frame.width));
    const { image } = await privateCopy(resized, this.deps.blurrer());
    const toImage = image.width / frame.width;
    const scaled = detections.map((d) => ({ d, box: d.box.map((v) => v * toImage) as Box }));
    // Boxes travel as data, not pixels: the dashboard draws them (crisp at any size, labelled in the
    // viewer's language), and a box burnt into the JPEG would show twice.
    const encoded = await encodeWithin(image, MAX_LIVE_BASE64);
    const address = { site: this.deps.site, device: this.deps.device, camera };
    const sent = scaled.map(({ d, box }) => ({
      cls: d.label.slice(0, 32),
      score: d.score,
      box: box.map((v) => Math.round(v * encoded.scale * 10) / 10) as Box,
      ...(d.track !== undefined ? { track: d.track } : {}),
      ...(d.state !== undefined ? { state: d.state } : {}),
    }));
    for (const [session] of watching) {
      this.deps.events.emit("liveFrame", address, {
        session,
        width: encoded.width,
        height: encoded.height,
        jpeg: encoded.jpeg,
        detections: sent,
      });
      this.sent += 1;
    }
  }
}
