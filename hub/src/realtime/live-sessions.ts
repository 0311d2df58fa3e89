import type { CameraAddress, LiveStart } from "@sitewatch/shared-protocol";
import type { CommandOutcome, CommandService } from "../commands/command-types.js";
import type { Logger } from "../observability/logger.js";
import type { LiveWatchHook } from "./live-watchers.js";

export interface LiveSessionOptions {
  commands: Pick<CommandService, "send">;
  logger: Logger;
  /** How long the device streams without hearing from the hub again. */
  ttlMs?: number;
  /** How often liveStart is re-sent while viewers remain; well under ttlMs so one lost renewal is harmless. */
  renewMs?: number;
  fps?: number;
  maxWidth?: number;
  /** liveStart fields beyond the camera's, e.g. `format: "hls"` for a video stream instead of frames. */
  startFields?: Partial<Pick<LiveStart, "format" | "segmentMs">>;
  /** Told what each liveStart came to: the device's answer, or the error that kept it from being sent. */
  onStarted?: (session: string, result: { outcome: CommandOutcome } | { error: unknown }) => void;
  /** Wait per command; only acceptance is awaited, streaming itself is seen in the frames. */
  commandTimeoutMs?: number;
}

interface Active {
  address: CameraAddress;
  timer: NodeJS.Timeout;
}

/**
 * Runs a live session on the device while a camera has viewers: `liveStart` when the first arrives,
 * renewed every `renewMs` (the device stops by itself after `ttlMs`, so a hub that dies leaves no
 * stream running for long), `liveStop` when the last leaves. A renewal that fails (device offline)
 * is only logged: the next one retries, so a device that comes back starts streaming again.
 */
export class LiveSessions {
  private readonly active = new Map<string, Active>();
  private readonly ttlMs: number;
  private readonly renewMs: number;

  constructor(private readonly opts: LiveSessionOptions) {
    this.ttlMs = opts.ttlMs ?? 60_000;
    this.renewMs = opts.renewMs ?? 30_000;
  }

  /** Pass as `onLiveWatch` to createSocketServer. */
  readonly hook: LiveWatchHook = (address, watching, session) =>
    watching ? this.start(address, session) : this.stop(session);

  async start(address: CameraAddress, session: string): Promise<void> {
    if (this.active.has(session)) return;
    const timer = setInterval(() => void this.sendStart(address, session), this.renewMs);
    timer.unref();
    this.active.set(session, { address: { ...address }, timer });
    await this.sendStart(address, session);
  }

  async stop(session: string): Promise<void> {
    const entry = this.active.get(session);
    if (!entry) return;
    clearInterval(entry.timer);
    this.active.delete(session);
    const { site, device, camera } = entry.address;
    await this.run("liveStop", session, () =>
      this.opts.commands.send("liveStop", { site, device }, { camera, session }, this.waitOpts()),
    );
  }

  /** Sessions currently kept alive (for tests and metrics). */
  get size(): number {
    return this.active.size;
  }

  /** Stops renewing everything; devices end their streams when the TTL runs out. */
  close(): void {
    for (const entry of this.active.values()) clearInterval(entry.timer);
    this.active.clear();
  }

  private sendStart(address: CameraAddress, session: string): Promise<void> {
    const { site, device, camera } = address;
    const body = {
      camera,
      session,
      ttlMs: this.ttlMs,
      ...(this.opts.fps !== undefined ? { fps: this.opts.fps } : {}),
      ...(this.opts.maxWidth !== undefined ? { maxWidth: this.opts.maxWidth } : {}),
      ...this.opts.startFields,
    };
    const report = this.opts.onStarted;
    return this.run(
      "liveStart",
      session,
      () => this.opts.commands.send("liveStart", { site, device }, body, this.waitOpts()),
      report && ((result) => report(session, result)),
    );
  }

  private waitOpts() {
    return { waitFor: "accepted" as const, timeoutMs: this.opts.commandTimeoutMs ?? 5_000 };
  }

  private async run(
    kind: "liveStart" | "liveStop",
    session: string,
    send: () => Promise<CommandOutcome>,
    report?: (result: { outcome: CommandOutcome } | { error: unknown }) => void,
  ): Promise<void> {
    try {
      const outcome = await send();
      report?.({ outcome });
      if (outcome.status === "failed" || outcome.status === "timeout") {
        this.opts.logger.warn({ session, kind, outcome }, "live session command was not accepted");
      }
    } catch (err) {
      report?.({ error: err });
      this.opts.logger.warn({ err, session, kind }, "live session command could not be sent");
    }
  }
}
