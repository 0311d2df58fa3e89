import { type CameraAddress, uuidv7 } from "@sitewatch/shared-protocol";
import type { Logger } from "../observability/logger.js";
import { cameraRoom } from "./socket-types.js";

/**
 * Told when a camera gains its first viewer (`watching` true) or loses its last one (false), so the hub
 * runs a live session on the device only while somebody looks. `session` names that run.
 */
export type LiveWatchHook = (
  address: CameraAddress,
  watching: boolean,
  session: string,
) => void | Promise<void>;

interface CameraViewers {
  address: CameraAddress;
  session: string;
  sockets: Set<string>;
}

/** Counts viewers per camera on this hub instance and fires the hook on the 0→1 and 1→0 edges. */
export class LiveWatchers {
  private readonly cameras = new Map<string, CameraViewers>();
  private readonly bySocket = new Map<string, Set<string>>();

  constructor(
    private readonly hook: LiveWatchHook | undefined,
    private readonly logger: Logger,
  ) {}

  /** Adds a viewer (idempotent per socket) and returns the camera's live session id. */
  watch(socketId: string, address: CameraAddress): string {
    const key = cameraRoom(address);
    let entry = this.cameras.get(key);
    const first = entry === undefined;
    if (!entry) {
      entry = { address: { ...address }, session: uuidv7(), sockets: new Set() };
      this.cameras.set(key, entry);
    }
    entry.sockets.add(socketId);
    const mine = this.bySocket.get(socketId) ?? new Set<string>();
    this.bySocket.set(socketId, mine);
    mine.add(key);
    if (first) this.fire(entry, true);
    return entry.session;
  }

  /** Removes a viewer; returns false when the socket was not watching that camera. */
  unwatch(socketId: string, address: CameraAddress): boolean {
    return this.remove(socketId, cameraRoom(address));
  }

  /**
   * A socket left a room: leaving a camera's room ends that view, whoever made it leave (the socket
   * itself, or an access change applied from any hub instance through the adapter).
   */
  leftRoom(socketId: string, room: string): void {
    this.remove(socketId, room);
  }

  /** A disconnected socket stops watching everything at once. */
  dropSocket(socketId: string): void {
    for (const key of [...(this.bySocket.get(socketId) ?? [])]) this.remove(socketId, key);
    this.bySocket.delete(socketId);
  }

  viewers(address: CameraAddress): number {
    return this.cameras.get(cameraRoom(address))?.sockets.size ?? 0;
  }

  /** Ends every session, e.g. at shutdown, so devices do not keep streaming to nobody. */
  clear(): void {
    for (const entry of this.cameras.values()) this.fire(entry, false);
    this.cameras.clear();
    this.bySocket.clear();
  }

  private remove(socketId: string, key: string): boolean {
    const entry = this.cameras.get(key);
    if (!entry?.sockets.delete(socketId)) return false;
    this.bySocket.get(socketId)?.delete(key);
    if (entry.sockets.size === 0) {
      this.cameras.delete(key);
      this.fire(entry, false);
    }
    return true;
  }

  private fire(entry: CameraViewers, watching: boolean): void {
    if (!this.hook) return;
    const fail = (err: unknown) =>
      this.logger.warn({ err, camera: entry.address, watching }, "live watch hook failed");
    try {
      const result = this.hook(entry.address, watching, entry.session);
      if (result instanceof Promise) result.catch(fail);
    } catch (err) {
      fail(err);
    }
  }
}
