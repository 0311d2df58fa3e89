import {
  type DecodedMessage,
  type ErrorCode,
  type LiveEvent,
  type LiveEventKind,
  liveEventNames,
} from "@sitewatch/shared-protocol";
import type { CommandService } from "../commands/command-types.js";
import type { HubConfig } from "../config.js";
import type { Database, Db } from "../db/client.js";
import type { MqttTransport } from "../mqtt/transport.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import type { Broadcaster } from "../realtime/broadcaster.js";
import { Admission } from "./admission.js";
import { BatchWriter, type BatchWriterStats, NotStoredError, READY } from "./batch-writer.js";
import { DeviceRegistry } from "./device-registry.js";
import { DeviceHandlers } from "./handlers/device.js";
import { EventHandlers } from "./handlers/events.js";
import { MediaHandlers } from "./handlers/media.js";
import { SeatHandlers } from "./handlers/seats.js";
import type { SequenceCounts } from "./sequence-tracker.js";
import { cameraStateSink, devicePatchSink } from "./sinks/device-sinks.js";
import { attentionSink, gateLogSink, snapshotSink } from "./sinks/event-sinks.js";
import { seatEventsSink, seatStatusSink } from "./sinks/seat-sinks.js";
import { loadLastSequences, sequenceSink } from "./sinks/sequence-sink.js";
import { SnapshotGate } from "./snapshot-gate.js";

export interface IngestDeps {
  database: Database;
  transport: MqttTransport;
  broadcaster: Broadcaster;
  commands?: CommandService;
  metrics: Metrics;
  logger: Logger;
  config: Pick<HubConfig, "ingest" | "dataDir">;
  /** Tuning for tests; production uses the defaults. */
  tuning?: {
    registryRefreshMs?: number;
    retry?: { initialMs: number; maxMs: number };
    drainTimeoutMs?: number;
  };
}

export interface IngestStats {
  accepted: number;
  rejected: Partial<Record<ErrorCode, number>>;
  duplicates: number;
  sequence: SequenceCounts;
  writer: BatchWriterStats;
}

export interface IngestService {
  /** Loads the device registry and seat states, then starts the transport. */
  start(): Promise<void>;
  /** Stops the transport, then writes every accepted row (bounded by the writer's drain timeout). */
  stop(): Promise<void>;
  /** Resolves when every message accepted so far is in the database. */
  flush(): Promise<void>;
  stats(): IngestStats;
  /** Forget what is cached about a device (call after revoking or re-enrolling it). */
  invalidateDevice(site: string, device: string): void;
  /**
   * The message path itself, as the transport calls it; exposed for tools and tests. For QoS 1 the
   * promise resolves when the message is stored (or refused for good): only then may the device be told
   * it was delivered. For QoS 0 it resolves when the writer has room again.
   */
  handle(topic: string, payload: Buffer, qos?: 0 | 1 | 2): void | Promise<void>;
}

// Order inside one flush transaction: parents of nothing first; fixed, so instances lock alike.
const sinks = [
  seatEventsSink,
  seatStatusSink,
  gateLogSink,
  attentionSink,
  snapshotSink,
  cameraStateSink,
  devicePatchSink,
  sequenceSink,
];

/** Kinds whose stored row advances devices.last_seq itself (no separate sequence row). */
const SEQUENCE_IN_ROW: ReadonlySet<string> = new Set(["seatChange"]);

/**
 * Device messages → validation → dedupe/sequence → broadcast at once → batched, idempotent writes.
 * With an external broker, several instances share the stream; ids and primary keys keep every event
 * stored exactly once whichever instance gets it.
 */
export function createIngestService(deps: IngestDeps): IngestService {
  const { database, transport, broadcaster, metrics, logger } = deps;
  const log = logger.child({ component: "ingest" });
  const db = database.db;
  const registry = new DeviceRegistry(db, log, { refreshMs: deps.tuning?.registryRefreshMs });
  const writer = new BatchWriter<Db>({
    sinks,
    transaction: (fn) => db.transaction((tx) => fn(tx as unknown as Db)),
    direct: (fn) => fn(db),
    batchRows: deps.config.ingest.batchRows,
    batchMs: deps.config.ingest.batchMs,
    maxPending: deps.config.ingest.maxPending,
    // PGlite is one connection: concurrent transactions would only queue behind each other.
    concurrency: database.kind === "postgres" ? deps.config.ingest.concurrency : 1,
    metrics,
    logger: log,
    retry: deps.tuning?.retry,
    drainTimeoutMs: deps.tuning?.drainTimeoutMs,
    // Devices wait for their acknowledgements: a free flush slot writes at once (group commit).
    eager: true,
  });
  const admission = new Admission({
    registry,
    metrics,
    logger: log,
    partialStream: transport.kind !== "embedded",
    sequenceGraceMs: deps.config.ingest.sequenceGraceMs,
    eventClock: deps.config.ingest.eventClock,
    snapshots: new SnapshotGate({ db, quota: deps.config.ingest.snapshotQuota }),
  });
  let sweeper: NodeJS.Timeout | undefined;
  const ctx = { writer, registry, logger: log, dataDir: deps.config.dataDir, commands: deps.commands };
  const seats = new SeatHandlers(ctx, metrics.latency);
  const device = new DeviceHandlers(ctx);
  const events = new EventHandlers(ctx);
  const media = new MediaHandlers(ctx);
  let accepted = 0;

  function dispatch(msg: DecodedMessage, receivedAt: number): Promise<void> | undefined {
    const a = msg.address;
    const cam = { site: a.site, device: a.device, camera: a.camera ?? "" };
    switch (msg.kind) {
      case "seatChange":
        return seats.change(cam, msg.message, receivedAt);
      case "seatSnapshot":
        return seats.snapshot(cam, msg.message);
      case "gateEntry":
        return events.gateEntry(cam, msg.message);
      case "attentionChange":
        return events.attentionChange(cam, msg.message);
      case "attentionAlert":
        return events.attentionAlert(cam, msg.message);
      case "cameraStatus":
        return device.cameraStatus(cam, msg.message);
      case "health":
        return device.health(a, msg.message);
      case "availability":
        return device.availability(a, msg.message);
      case "commandAck":
        return device.commandAck(a, msg.message);
      case "snapshot":
        return media.snapshot(cam, msg.message);
      case "segmentReady":
        media.segmentReady(cam, msg.message);
        return undefined;
      case "liveFrame":
        return undefined;
      default:
        // Hub-to-device kinds never arrive here: the decoder maps their topics, but devices may not use them.
        log.debug({ kind: msg.kind }, "ignoring a command topic");
        return undefined;
    }
  }

  function process(msg: DecodedMessage, receivedAt: number): Promise<void> | undefined {
    accepted += 1;
    metrics.ingestAccepted.inc({ kind: msg.kind });
    broadcast(msg, receivedAt);
    const { site, device: dev } = msg.address;
    const seq = (msg.message as { seq?: number }).seq;
    // Queued before the event's rows, so it is in the same or an earlier batch; both must commit. Seat
    // changes (nearly all the volume) advance it inside their own statement instead.
    const sequenced =
      seq === undefined || SEQUENCE_IN_ROW.has(msg.kind)
        ? undefined
        : writer.accept(sequenceSink, { siteId: site, deviceId: dev, seq });
    let stored: Promise<void> | undefined;
    try {
      stored = dispatch(msg, receivedAt);
    } catch (err) {
      fail(err, msg);
    }
    const done = stored && sequenced ? Promise.all([sequenced, stored]) : (stored ?? sequenced);
    return done?.then(
      () => undefined,
      (err: unknown) => {
        if (err instanceof NotStoredError) throw err;
        fail(err, msg);
      },
    );
  }

  /** Dashboards see an event at once; the write follows (the broadcast does not wait for the commit). */
  function broadcast(msg: DecodedMessage, receivedAt: number): void {
    if (!(msg.kind in liveEventNames)) return;
    const { site, device: dev, camera } = msg.address;
    try {
      broadcaster.live(
        msg.kind as LiveEventKind,
        { site, device: dev, camera, data: msg.message } as LiveEvent<LiveEventKind>,
      );
    } catch (err) {
      log.error({ err, kind: msg.kind }, "broadcast failed; the event is still stored");
    }
    // Only stamped seat changes: the same population as the capture → hub figure.
    if (msg.kind === "seatChange" && msg.message.capturedAt !== undefined)
      metrics.latency.observeEmit(receivedAt, Date.now());
  }

  function fail(err: unknown, msg: DecodedMessage): void {
    metrics.ingestRejected.inc({ reason: "INTERNAL" });
    log.error({ err, kind: msg.kind, site: msg.address.site, device: msg.address.device }, "ingest failed");
  }

  function handle(topic: string, payload: Buffer, qos: 0 | 1 | 2 = 1): void | Promise<void> {
    // Taken before admission: a registry lookup on the way is part of the hub's share of the latency.
    const receivedAt = Date.now();
    const verdict = admission.admit(topic, payload);
    const stored =
      verdict instanceof Promise
        ? verdict.then((msg) => (msg ? process(msg, receivedAt) : undefined))
        : verdict
          ? process(verdict, receivedAt)
          : undefined;
    // Nobody waits for a QoS 0 message: only backpressure pauses its sender.
    if (qos > 0) return stored;
    stored?.catch(() => {});
    const room = writer.room();
    return room === READY ? undefined : room;
  }

  return {
    async start() {
      await registry.start();
      for (const { key, seq } of await loadLastSequences(db)) admission.sequence.seed(key, seq);
      await seats.hydrate(db);
      transport.onMessage(handle);
      await transport.start();
      sweeper = setInterval(
        () => admission.sweepLost(),
        Math.max(50, Math.min(1_000, admission.sequence.graceMs)),
      );
      sweeper.unref();
      log.info({ transport: transport.kind, database: database.describe }, "ingest started");
    },
    async stop() {
      clearInterval(sweeper);
      await transport.stop();
      await writer.stop();
      registry.stop();
      log.info(writer.stats(), "ingest stopped");
    },
    flush: () => writer.flush(),
    stats: () => ({
      accepted,
      rejected: Object.fromEntries(admission.rejected),
      duplicates: admission.duplicates,
      sequence: { ...admission.sequence.counts },
      writer: writer.stats(),
    }),
    invalidateDevice: (site, dev) => registry.invalidate(site, dev),
    handle,
  };
}
