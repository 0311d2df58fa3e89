import type { LiveStart, LiveStop } from "@sitewatch/shared-protocol";
import type { DeviceHub } from "../../../agent-config/hub-client.js";
import type { PacketTap } from "../../../capture/frame-source.js";
import { HlsSegmenter } from "./hls-segmenter.js";
import { emptyHlsCounters, type HlsCounters, HlsUploader } from "./hls-uploader.js";

/** The part of a camera worker live HLS needs: its compressed video, from the open connection on. */
export interface PacketSource {
  tapPackets(tap: PacketTap): () => void;
}

export interface LiveHlsDeps {
  cameras: ReadonlyMap<string, PacketSource>;
  /** The hub and the device's credentials; without them (an agent not enrolled) HLS is refused. */
  hub: DeviceHub | undefined;
  log: (message: string) => void;
  now?: () => number;
  /** Per segment upload; default 10 s. */
  uploadTimeoutMs?: number;
  /** Segments waiting or being sent per session; default 2. */
  maxPending?: number;
}

interface Session {
  id: string;
  camera: string;
  timer: NodeJS.Timeout | undefined;
  segmenter: HlsSegmenter;
  uploader: HlsUploader;
  /** Stops the camera handing packets to the segmenter; undefined while the camera is not running. */
  untap: (() => void) | undefined;
  lastDrop?: string;
}

export type LiveHlsStats = HlsCounters & { sessions: number };

/**
 * Live video the hub asked for with liveStart `format: "hls"`: per session the camera's own packets are
 * cut into MPEG-TS segments (HlsSegmenter) and uploaded to the hub (HlsUploader), while the camera goes
 * on with its analysis and recording. Like the frame live view, a session ends on liveStop or when its
 * TTL runs out without a renewing liveStart, and also when the hub answers that it no longer wants it,
 * so nothing is sent once the last viewer has left.
 */
export class LiveHls {
  private readonly sessions = new Map<string, Session>();
  private readonly counters = emptyHlsCounters();
  /** Segmenters still releasing what they held, awaited by close(). */
  private readonly closing = new Set<Promise<void>>();

  constructor(private readonly deps: LiveHlsDeps) {}

  start(cmd: LiveStart): Record<string, unknown> {
    const { hub, cameras } = this.deps;
    if (!hub) throw new Error("live video needs the device's hub credentials, which this agent runs without");
    if (!cameras.has(cmd.camera)) {
      const known = [...cameras.keys()].join(", ") || "none";
      throw new Error(`no running camera ${cmd.camera} (running: ${known})`);
    }
    const reply = { session: cmd.session, camera: cmd.camera, format: "hls", segmentMs: cmd.segmentMs };
    const previous = this.sessions.get(cmd.session);
    if (previous?.camera === cmd.camera) {
      previous.segmenter.segmentMs = cmd.segmentMs;
      this.arm(previous, cmd.ttlMs);
      return { ...reply, renewed: true };
    }
    if (previous) this.end(previous.id);
    const uploader = new HlsUploader({
      hub,
      session: cmd.session,
      counters: this.counters,
      onRefused: (why) => {
        this.deps.log(`live session ${cmd.session} of camera ${cmd.camera} ended: ${why}`);
        this.end(cmd.session);
      },
      log: this.deps.log,
      maxPending: this.deps.maxPending,
      timeoutMs: this.deps.uploadTimeoutMs,
    });
    const session: Session = {
      id: cmd.session,
      camera: cmd.camera,
      timer: undefined,
      segmenter: new HlsSegmenter({
        segmentMs: cmd.segmentMs,
        onSegment: (segment) => uploader.offer(segment),
        onDropped: (why) => this.dropped(session, why),
        now: this.deps.now,
      }),
      uploader,
      untap: undefined,
    };
    this.arm(session, cmd.ttlMs);
    this.sessions.set(session.id, session);
    this.counters.sessionsStarted += 1;
    this.attach(session);
    return { ...reply, renewed: false };
  }

  stop(cmd: LiveStop): { session: string; stopped: boolean } {
    return { session: cmd.session, stopped: this.end(cmd.session) };
  }

  has(session: string): boolean {
    return this.sessions.has(session);
  }

  /** Re-attaches a camera's sessions to its worker, e.g. after a config push replaced the worker. */
  apply(camera: string): void {
    for (const session of this.sessions.values()) if (session.camera === camera) this.attach(session);
  }

  stats(): LiveHlsStats {
    return { sessions: this.sessions.size, ...this.counters };
  }

  /** Ends every session; settles when their segments are released. */
  async close(): Promise<void> {
    for (const id of [...this.sessions.keys()]) this.end(id);
    await Promise.all(this.closing);
  }

  private attach(session: Session): void {
    session.untap?.();
    session.untap = this.deps.cameras.get(session.camera)?.tapPackets(session.segmenter);
  }

  private arm(session: Session, ttlMs: number): void {
    clearTimeout(session.timer);
    session.timer = setTimeout(() => this.end(session.id), ttlMs);
    session.timer.unref();
  }

  private end(id: string): boolean {
    const session = this.sessions.get(id);
    if (!session) return false;
    clearTimeout(session.timer);
    this.sessions.delete(id);
    session.untap?.();
    session.untap = undefined;
    session.uploader.stop();
    const closed = session.segmenter
      .close()
      .catch(() => undefined)
      .finally(() => this.closing.delete(closed));
    this.closing.add(closed);
    return true;
  }

  private dropped(session: Session, why: string): void {
    this.counters.segmentsDropped += 1;
    // A camera whose keyframes are too far apart loses every segment the same way: said once.
    if (why !== session.lastDrop) this.deps.log(`live session ${session.id}: segment dropped: ${why}`);
    session.lastDrop = why;
  }
}
