import {
  deviceSettledTopic,
  type ErrorCode,
  encodeMessage,
  MAX_SETTLED_RANGES,
  PROTOCOL_VERSION,
  SeqRanges,
} from "@sitewatch/shared-protocol";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import { RateLimitedLog } from "../observability/rate-limited-log.js";
import type { EventRef, Refused } from "./admission-verdict.js";

export interface DeliveryConfirmerOptions {
  /** Sends one `settled` message (QoS 0); the transport's publish. */
  publish: (topic: string, payload: string) => Promise<void>;
  metrics: Pick<Metrics, "confirmationsSent" | "confirmationDrops">;
  logger: Logger;
  /** Each device gets at most one confirmation per interval; default 200 ms. */
  intervalMs?: number;
  /** Devices with unsent confirmations at most; default 20 000. */
  maxDevices?: number;
  /** Ranges per device and message at most; default (and at most) the protocol's MAX_SETTLED_RANGES. */
  maxRanges?: number;
}

/**
 * Refusals that say nothing about the event itself: the hub could not look the device up, or does not
 * know it (yet) although the broker let it in. Their events are not confirmed, so the device sends them
 * again; every other refusal is for good and confirmed like a stored event.
 */
const TRANSIENT_REFUSALS: ReadonlySet<ErrorCode> = new Set(["INTERNAL", "UNKNOWN_DEVICE", "DEVICE_REVOKED"]);

interface PendingDevice {
  site: string;
  device: string;
  ranges: SeqRanges;
}

/**
 * Tells devices which of their QoS 1 events the hub has settled, so their outboxes keep every event
 * until the hub (not the broker) has it. Knows nothing of roles or transports: ingest reports each
 * settled (site, device, seq) and the confirmer batches them per device into `settled` messages, one
 * per device per interval. Memory is bounded: past `maxDevices` devices or `maxRanges` ranges for one
 * device, what does not fit is counted and dropped, and the device's resend brings it back later.
 */
export class DeliveryConfirmer {
  private readonly pending = new Map<string, PendingDevice>();
  /**
   * QoS 1 events accepted but not stored yet, by id: a repeat arriving meanwhile is confirmed only once
   * the original is stored, since until then the device's copy may be the only one left.
   */
  private readonly storing = new Map<string, Promise<void>>();
  private readonly intervalMs: number;
  private readonly maxDevices: number;
  private readonly maxRanges: number;
  private readonly failures: RateLimitedLog;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly opts: DeliveryConfirmerOptions) {
    this.intervalMs = opts.intervalMs ?? 200;
    this.maxDevices = opts.maxDevices ?? 20_000;
    this.maxRanges = Math.min(opts.maxRanges ?? MAX_SETTLED_RANGES, MAX_SETTLED_RANGES);
    this.failures = new RateLimitedLog(opts.logger);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.timer = setInterval(() => this.flush(), this.intervalMs);
    this.timer.unref();
  }

  /** Sends what is pending and stops; later settlements are dropped (counted as `stopped`). */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.timer);
    this.flush();
  }

  /**
   * Confirms `event` once `done` resolves (stored, or failed for good: what the transport acknowledges
   * to the broker too); never when it rejects (not stored: the broker or device delivers it again).
   */
  settleWhen(done: Promise<void> | undefined, event: EventRef): void {
    if (!done) {
      this.settled(event.site, event.device, event.seq);
      return;
    }
    const { id } = event;
    if (id !== undefined) this.storing.set(id, done);
    done.then(
      () => {
        if (id !== undefined) this.storing.delete(id);
        this.settled(event.site, event.device, event.seq);
      },
      () => {
        if (id !== undefined) this.storing.delete(id);
      },
    );
  }

  /** A QoS 1 event admission did not pass on: a repeat, or a refusal, settled unless it may pass later. */
  refused({ why, event }: Refused): void {
    if (!event) return;
    if (why !== "duplicate") {
      if (!TRANSIENT_REFUSALS.has(why)) this.settled(event.site, event.device, event.seq);
      return;
    }
    const original = event.id === undefined ? undefined : this.storing.get(event.id);
    if (!original) {
      this.settled(event.site, event.device, event.seq);
      return;
    }
    original.then(
      () => this.settled(event.site, event.device, event.seq),
      () => {},
    );
  }

  /** Event `seq` of `site`/`device` is settled for good. */
  settled(site: string, device: string, seq: number): void {
    if (!this.running) {
      this.drop("stopped", 1);
      return;
    }
    const key = `${site}/${device}`;
    let entry = this.pending.get(key);
    if (!entry) {
      if (this.pending.size >= this.maxDevices) {
        this.drop("devices", 1);
        return;
      }
      entry = { site, device, ranges: new SeqRanges() };
      this.pending.set(key, entry);
    }
    if (!entry.ranges.add(seq, seq, this.maxRanges)) this.drop("ranges", 1);
  }

  /** Devices with confirmations waiting for the next tick. */
  get pendingDevices(): number {
    return this.pending.size;
  }

  /** One message per device with anything pending. */
  flush(): void {
    if (this.pending.size === 0) return;
    const ts = Date.now();
    for (const { site, device, ranges } of this.pending.values()) {
      const list = ranges.toArray();
      const payload = encodeMessage("settled", { v: PROTOCOL_VERSION, ts, ranges: list });
      const count = list.reduce((n, [from, to]) => n + to - from + 1, 0);
      let sent: Promise<void>;
      try {
        sent = this.opts.publish(deviceSettledTopic({ site, device }), payload);
      } catch (err) {
        sent = Promise.reject(err);
      }
      sent.then(
        () => this.opts.metrics.confirmationsSent.inc(),
        (err: unknown) => {
          this.drop("publish", count);
          this.failures.warn(
            "publish",
            { err, site, device },
            "cannot send a delivery confirmation; the device will resend",
          );
        },
      );
    }
    this.pending.clear();
  }

  private drop(reason: "devices" | "ranges" | "publish" | "stopped", events: number): void {
    this.opts.metrics.confirmationDrops.inc({ reason }, events);
  }
}
