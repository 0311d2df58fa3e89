import { type DecodedMessage, decodeMessage, type ErrorCode } from "@sitewatch/shared-protocol";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import { RateLimitedLog } from "../observability/rate-limited-log.js";
import { type EventRef, Refused, rawRefOf, refOf, type Verdict } from "./admission-verdict.js";
import { type DeviceRegistry, deviceKey, type KnownDevice } from "./device-registry.js";
import { EventClock, type EventClockOptions } from "./event-clock.js";
import type { Refusal } from "./ingest-module.js";
import { RecentIds, SequenceTracker } from "./sequence-tracker.js";
import type { SnapshotGate } from "./snapshot-gate.js";

export interface AdmissionOptions {
  registry: DeviceRegistry;
  metrics: Metrics;
  logger: Logger;
  /** How many recent event ids to remember for dropping replays early. */
  recentIds?: number;
  /**
   * True when this instance sees only part of each device's stream (shared subscriptions split it
   * between hub instances): a sequence gap is then expected and says nothing, so gaps are not reported.
   */
  partialStream?: boolean;
  /** How long skipped sequence numbers may take to arrive before they count as lost; default 10 s. */
  sequenceGraceMs?: number;
  /** Bounds on device event times; default: at most 5 min ahead of the hub, nothing before 2020. */
  eventClock?: EventClockOptions;
  /** Lets in only snapshots that answer an open request, are real JPEGs and fit the device's quota. */
  snapshots?: SnapshotGate;
  /** The ingest modules' own checks (KindDispatch.check): undefined when the kind has none. */
  checks?: (msg: DecodedMessage) => Promise<Refusal | undefined> | undefined;
}

const NUL_ESCAPE = Buffer.from("\\u0000");

/**
 * Only called when the raw text has the escape, which is rare; `\\u0000` (an escaped backslash) is not NUL.
 * Keys count too (jsonb cannot hold them either). A loop, not recursion: free-form fields such as an
 * ack's `result` may nest thousands of levels deep within the size limit.
 */
function containsNul(root: unknown): boolean {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === "string") {
      if (value.includes("\u0000")) return true;
    } else if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
    } else if (value && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) {
        if (key.includes("\u0000")) return true;
        pending.push(inner);
      }
    }
  }
  return false;
}

/**
 * The gate every device message passes before it is stored or broadcast: protocol validation, a known
 * and active device, no replay of an event id already accepted, and a sequence check. Synchronous
 * whenever the device is cached, so messages of one device keep their order.
 */
export class Admission {
  readonly sequence: SequenceTracker;
  readonly rejected = new Map<ErrorCode, number>();
  duplicates = 0;
  private readonly recent: RecentIds;
  private readonly rejectLog: RateLimitedLog;
  private readonly gapLog: RateLimitedLog;
  private readonly clock: EventClock;

  constructor(private readonly opts: AdmissionOptions) {
    this.sequence = new SequenceTracker(opts.sequenceGraceMs);
    this.recent = new RecentIds(opts.recentIds ?? 100_000);
    this.rejectLog = new RateLimitedLog(opts.logger);
    this.gapLog = new RateLimitedLog(opts.logger);
    this.clock = new EventClock(opts.eventClock);
  }

  admit(topic: string, payload: Buffer): Verdict | Promise<Verdict> {
    const decoded = decodeMessage(topic, payload);
    if (!decoded.ok) {
      return this.reject(decoded.error.code, topic, decoded.error.message, rawRefOf(topic, payload));
    }
    // Valid JSON, but PostgreSQL text and jsonb cannot hold U+0000: refuse it here, counted, rather than
    // accept an event the database would later refuse.
    if (payload.includes(NUL_ESCAPE) && containsNul(decoded.message)) {
      return this.reject("SCHEMA_VIOLATION", topic, "strings must not contain U+0000", refOf(decoded));
    }
    const { site, device } = decoded.address;
    const known = this.opts.registry.lookup(site, device);
    if (known instanceof Promise) {
      return known.then(
        (found) => this.check(decoded, found, topic),
        (err: unknown) => {
          this.opts.logger.error({ err, site, device }, "device lookup failed");
          return this.reject("INTERNAL", topic, "device lookup failed", refOf(decoded));
        },
      );
    }
    return this.check(decoded, known, topic);
  }

  private check(
    decoded: DecodedMessage,
    known: KnownDevice | null,
    topic: string,
  ): Verdict | Promise<Verdict> {
    const { site, device } = decoded.address;
    const ref = refOf(decoded);
    if (!known) {
      return this.reject("UNKNOWN_DEVICE", topic, `device ${site}/${device} is not enrolled`, ref);
    }
    if (known.status !== "active") {
      return this.reject("DEVICE_REVOKED", topic, `device ${site}/${device} was revoked`, ref);
    }
    const message = decoded.message as { id?: string; seq?: number };
    if (message.id !== undefined && this.recent.seen(message.id)) {
      this.duplicates += 1;
      this.opts.metrics.ingestDuplicates.inc();
      return new Refused("duplicate", ref);
    }
    if (message.seq !== undefined) this.observeSequence(site, device, message.seq, decoded.kind);
    // After the sequence check: a refused event still arrived, so its number is not reported as lost.
    const outOfRange = this.clock.check(decoded);
    if (outOfRange?.direction === "future") this.opts.metrics.e2eClockSkew.inc();
    if (outOfRange) return this.reject("EVENT_TIME_OUT_OF_RANGE", topic, outOfRange.reason, ref);
    if (decoded.kind === "snapshot" && this.opts.snapshots) {
      return this.settle(this.opts.snapshots.admit(decoded.address, decoded.message), decoded, topic);
    }
    const own = this.opts.checks?.(decoded);
    return own ? this.settle(own, decoded, topic) : decoded;
  }

  /** The message, or its refusal (counted) when the check refuses it or fails. */
  private async settle(
    check: Promise<Refusal | undefined>,
    decoded: DecodedMessage,
    topic: string,
  ): Promise<Verdict> {
    try {
      const refusal = await check;
      return refusal ? this.reject(refusal.code, topic, refusal.reason, refOf(decoded)) : decoded;
    } catch (err) {
      this.opts.logger.error({ err, topic: topic.slice(0, 300) }, `${decoded.kind} check failed`);
      return this.reject("INTERNAL", topic, `${decoded.kind} check failed`, refOf(decoded));
    }
  }

  private observeSequence(site: string, device: string, seq: number, kind: string): void {
    const key = deviceKey(site, device);
    const verdict = this.sequence.observe(key, seq);
    switch (verdict.kind) {
      case "first":
      case "next":
        return;
      case "gap":
        if (this.opts.partialStream) return;
        // Not a loss yet: `sweepLost` reports what is still missing after the grace period.
        this.opts.metrics.ingestSequence.inc({ verdict: "gap" });
        return;
      case "late":
        if (this.opts.partialStream) return;
        this.opts.metrics.ingestSequence.inc({ verdict: "late" });
        this.opts.logger.debug(
          { site, device, kind, seq, last: verdict.last },
          "reordered event filled a gap",
        );
        return;
      case "restart":
        this.opts.metrics.ingestSequence.inc({ verdict: "restart" });
        this.opts.logger.info({ site, device, seq, last: verdict.last }, "device sequence restarted");
        return;
      case "old":
        if (this.opts.partialStream) return;
        this.opts.metrics.ingestSequence.inc({ verdict: "old" });
        this.opts.logger.debug({ site, device, kind, seq, last: verdict.last }, "late or replayed event");
        return;
    }
  }

  /**
   * A message that passed but was not stored (left unacknowledged): its redelivery must be processed,
   * not dropped as a replay of itself.
   */
  forget(msg: DecodedMessage): void {
    const id = (msg.message as { id?: string }).id;
    if (id !== undefined) this.recent.forget(id);
  }

  /** Counts and logs the sequence numbers that never arrived; the ingest service calls it every second. */
  sweepLost(now = Date.now()): void {
    for (const run of this.sequence.sweep(now)) {
      if (this.opts.partialStream) continue;
      const missing = run.to - run.from + 1;
      this.opts.metrics.sequenceGaps.inc(missing);
      this.gapLog.warn(
        run.deviceKey,
        { device: run.deviceKey, from: run.from, to: run.to, missing },
        "sequence gap: device events were lost on the way",
      );
    }
  }

  private reject(code: ErrorCode, topic: string, reason: string, event: EventRef | undefined): Refused {
    this.rejected.set(code, (this.rejected.get(code) ?? 0) + 1);
    this.opts.metrics.ingestRejected.inc({ reason: code });
    // One line per reason and device (the topic's first four levels) per interval.
    const source = topic.split("/", 4).join("/").slice(0, 200);
    this.rejectLog.warn(
      `${code} ${source}`,
      { code, topic: topic.slice(0, 300), reason },
      "device message rejected",
    );
    return new Refused(code, event);
  }
}
