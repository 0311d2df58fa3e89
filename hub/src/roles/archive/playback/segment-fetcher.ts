import type { Principal } from "../../../auth/principal.js";
import type { CommandService } from "../../../commands/command-types.js";
import { ApiError } from "../../../errors/api-error.js";
import type { CachedSegment, PlaybackCache } from "./playback-cache.js";
import type { PlaybackMetrics, UploadOutcome } from "./playback-metrics.js";
import type { UploadSlots } from "./upload-slots.js";

/** The segments table row fields a fetch needs. */
export interface SegmentRef {
  id: string;
  site: string;
  device: string;
  camera: string;
  segment: string;
}

export interface SegmentFetcherOptions {
  commands: Pick<CommandService, "send">;
  cache: PlaybackCache;
  slots: UploadSlots;
  metrics: PlaybackMetrics;
  maxSegmentBytes: number;
  /** How long the device may take to acknowledge the command. */
  commandTimeoutMs: number;
  /** How long from the command until the whole file must have arrived. */
  uploadTimeoutMs: number;
}

const MiB = 1024 * 1024;

/**
 * Brings one archived segment from its device into the playback cache when a viewer asks for it: a
 * cached segment answers at once, a segment already on its way is shared by everyone asking meanwhile,
 * otherwise the device gets a segmentUpload command with a fresh upload id and the hub waits for its PUT.
 */
export class SegmentFetcher {
  private readonly inFlight = new Map<string, Promise<CachedSegment>>();

  constructor(private readonly opts: SegmentFetcherOptions) {}

  async fetch(ref: SegmentRef, by?: Principal): Promise<CachedSegment> {
    const { cache, metrics } = this.opts;
    const cached = cache.get(ref.id);
    if (cached) {
      metrics.requests.inc({ source: "cache" });
      return cached;
    }
    const running = this.inFlight.get(ref.id);
    if (running) {
      metrics.requests.inc({ source: "shared" });
      return running;
    }
    metrics.requests.inc({ source: "upload" });
    const fetching = this.upload(ref, by).finally(() => this.inFlight.delete(ref.id));
    this.inFlight.set(ref.id, fetching);
    return fetching;
  }

  private async upload(ref: SegmentRef, by: Principal | undefined): Promise<CachedSegment> {
    const { commands, slots, cache, metrics, maxSegmentBytes } = this.opts;
    const label = `segment ${ref.segment} of ${ref.device}/${ref.camera}`;
    const { upload, received } = slots.open({ site: ref.site, device: ref.device, segmentId: ref.id });
    const deadline = setTimeout(() => {
      const seconds = Math.round(this.opts.uploadTimeoutMs / 1000);
      slots.fail(upload, new ApiError("COMMAND_TIMEOUT", `${label} did not arrive within ${seconds} s`));
    }, this.opts.uploadTimeoutMs);
    deadline.unref();
    let outcome: UploadOutcome = "failed";
    try {
      const target = { site: ref.site, device: ref.device };
      const body = { camera: ref.camera, segment: ref.segment, upload };
      const opts = { waitFor: "accepted" as const, timeoutMs: this.opts.commandTimeoutMs, by };
      const answer = await commands.send("segmentUpload", target, body, opts).catch((err: unknown) => {
        if (err instanceof ApiError && err.code === "DEVICE_OFFLINE") outcome = "offline";
        throw err;
      });
      if (answer.status === "timeout") {
        outcome = "timeout";
        throw new ApiError("COMMAND_TIMEOUT", `device ${ref.device} did not answer the upload request`, {
          commandId: answer.id,
        });
      }
      if (answer.status === "failed") {
        const message = answer.error?.message ?? `device ${ref.device} could not upload ${label}`;
        throw new ApiError("COMMAND_FAILED", message, { commandId: answer.id, deviceError: answer.error });
      }
      const announced = Number(answer.result?.bytes);
      if (Number.isFinite(announced) && announced > maxSegmentBytes) {
        outcome = "too_large";
        throw new ApiError(
          "PAYLOAD_TOO_LARGE",
          `${label} is ${(announced / MiB).toFixed(1)} MiB, above this hub's PLAYBACK_MAX_SEGMENT_MIB (${maxSegmentBytes / MiB})`,
        );
      }
      const file = await received.catch((err: unknown) => {
        if (err instanceof ApiError && err.code === "COMMAND_TIMEOUT") outcome = "timeout";
        else if (err instanceof ApiError && err.code === "PAYLOAD_TOO_LARGE") outcome = "too_large";
        else outcome = "broken";
        throw err;
      });
      const entry = await cache.add(ref.id, file.path, file.bytes);
      outcome = "completed";
      metrics.uploadBytes.inc(file.bytes);
      return entry;
    } finally {
      clearTimeout(deadline);
      // Whatever ended the wait, the id is spent: a PUT arriving now is told so (404).
      slots.fail(upload, new ApiError("COMMAND_FAILED", `${label}: the hub stopped waiting`));
      metrics.uploads.inc({ outcome });
    }
  }
}
