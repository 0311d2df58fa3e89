import { randomBytes } from "node:crypto";
import type { CameraAddress } from "@sitewatch/shared-protocol";
import type { CommandOutcome, CommandService } from "../../../commands/command-types.js";
import { ApiError } from "../../../errors/api-error.js";
import type { Logger } from "../../../observability/logger.js";
import { LiveSessions } from "../../../realtime/live-sessions.js";
import type { LiveHlsStore } from "./live-hls-store.js";

export interface HlsViewerOptions {
  commands: Pick<CommandService, "send">;
  store: LiveHlsStore;
  logger: Logger;
  /** No playlist request for this long ends the session (liveStop); default 6 s. */
  idleMs?: number;
  /** The device stops by itself this long after the last liveStart; default 15 s. */
  ttlMs?: number;
  /** liveStart is repeated this often while the session lasts; default 5 s. */
  renewMs?: number;
  /** Shortest segment the device cuts; default 1 s. */
  segmentMs?: number;
  /** Cameras watched live at once; default 32. */
  maxSessions?: number;
  onStart?: () => void;
}

interface Watched {
  session: string;
  address: CameraAddress;
  /** Playlist requests still running (a long-poll may outlast `idleMs`). */
  holds: number;
  idle: NodeJS.Timeout;
}

const keyOf = (a: CameraAddress) => `${a.site}/${a.device}/${a.camera}`;

/**
 * Which cameras have HLS viewers. Players re-read the playlist about once per segment, so every playlist
 * request is a heartbeat: the first one picks a session id and starts it on the device, and once none
 * came for `idleMs` (and none is still waiting) the session ends. Starting, renewing within the device's
 * TTL and stopping are LiveSessions' (realtime/live-sessions.ts), the same as for the JPEG live view; its
 * liveStart only gains the HLS format here, and what the device answered is kept for waiting viewers.
 */
export class HlsViewers {
  private readonly watched = new Map<string, Watched>();
  private readonly sessions: LiveSessions;
  private readonly idleMs: number;

  constructor(private readonly opts: HlsViewerOptions) {
    this.idleMs = opts.idleMs ?? 6_000;
    this.sessions = new LiveSessions({
      commands: opts.commands,
      logger: opts.logger,
      ttlMs: opts.ttlMs ?? 15_000,
      renewMs: opts.renewMs ?? 5_000,
      startFields: { format: "hls", segmentMs: opts.segmentMs ?? 1_000 },
      // What the device answered is kept for viewers still waiting for the first segment.
      onStarted: (session, result) => this.opts.store.setProblem(session, problemOf(result)),
    });
  }

  /** One playlist request for `address`: its session, started if needed, held until `release()`. */
  watch(address: CameraAddress): { session: string; release: () => void } {
    const key = keyOf(address);
    let entry = this.watched.get(key);
    if (!entry) {
      const max = this.opts.maxSessions ?? 32;
      if (this.watched.size >= max)
        throw new ApiError("RATE_LIMITED", `at most ${max} cameras can be watched live at once`);
      // The hub picks the id: the device uploads under it, and the store knows whose it is.
      const session = `hls-${randomBytes(12).toString("base64url")}`;
      const idle = setTimeout(() => this.expire(key), this.idleMs);
      idle.unref();
      entry = { session, address: { ...address }, holds: 0, idle };
      this.watched.set(key, entry);
      this.opts.store.open(session, address);
      this.opts.onStart?.();
      void this.sessions.start(address, session);
    }
    const held = entry;
    held.holds++;
    held.idle.refresh();
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      held.holds--;
      held.idle.refresh();
    };
    return { session: held.session, release };
  }

  /** The running session of a camera, if any (segment requests do not start one). */
  sessionOf(address: CameraAddress): string | undefined {
    return this.watched.get(keyOf(address))?.session;
  }

  get size(): number {
    return this.watched.size;
  }

  /** Stops renewing every session; devices end them when their TTL runs out. */
  close(): void {
    for (const entry of this.watched.values()) {
      clearTimeout(entry.idle);
      this.opts.store.close(entry.session);
    }
    this.watched.clear();
    this.sessions.close();
  }

  private expire(key: string): void {
    const entry = this.watched.get(key);
    if (!entry) return;
    if (entry.holds > 0) return void entry.idle.refresh();
    this.watched.delete(key);
    this.opts.store.close(entry.session);
    void this.sessions.stop(entry.session);
  }
}

/**
 * A liveStart the device refused, or one that could not be sent; a late answer is not a refusal (the
 * video may still come).
 */
function problemOf(result: { outcome: CommandOutcome } | { error: unknown }): ApiError | undefined {
  if ("error" in result) {
    const err = result.error;
    return err instanceof ApiError ? err : new ApiError("INTERNAL", String(err));
  }
  const { outcome } = result;
  if (outcome.status !== "failed") return undefined;
  const message = outcome.error?.message ?? "the device could not start the live stream";
  return new ApiError("COMMAND_FAILED", message, { commandId: outcome.id, deviceError: outcome.error });
}
