import { type DecodedMessage, type ErrorCode, liveEventNames } from "@sitewatch/shared-protocol";
import type { CommandService } from "../commands/command-types.js";
import type { HubConfig } from "../config.js";
import type { Database, Db } from "../db/client.js";
import type { DeviceEventKind, DomainEventPublisher, DomainEvents } from "../events/domain-events.js";
import type { MqttTransport } from "../mqtt/transport.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import { Admission } from "./admission.js";
import { Refused, type Verdict } from "./admission-verdict.js";
import { BatchWriter, type BatchWriterStats, NotStoredError, READY } from "./batch-writer.js";
import { DeliveryConfirmer } from "./delivery-confirmer.js";
import { DeviceRegistry } from "./device-registry.js";
import { type AnyIngestModule, KindDispatch, sinksOf } from "./ingest-module.js";
import type { SequenceCounts } from "./sequence-tracker.js";
import { loadLastSequences, sequenceSink } from "./sinks/sequence-sink.js";
import { SnapshotGate } from "./snapshot-gate.js";

export interface IngestDeps {
  database: Database;
  transport: MqttTransport;
  /** Every accepted message is published here at once; dashboards, alerts and config re-sync listen. */
  events: DomainEventPublisher;
  commands?: CommandService;
  /**
   * The roles' (and the device core's) handlers and sinks, in registration order; together they
   * handle every device-to-hub kind (checked at compile time by the role table).
   */
  modules: readonly AnyIngestModule[];
  metrics: Metrics;
  logger: Logger;
  config: Pick<HubConfig, "ingest" | "dataDir">;
  /** Tuning for tests; production uses the defaults. */
  tuning?: {
    registryRefreshMs?: number;
    retry?: { initialMs: number; maxMs: number };
    drainTimeoutMs?: number;
    /** How often each device gets its delivery confirmations; default 200 ms. */
    confirmIntervalMs?: number;
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

/**
 * Device messages → validation → dedupe/sequence → broadcast at once → batched, idempotent writes.
 * With an external broker, several instances share the stream; ids and primary keys keep every event
 * stored exactly once whichever instance gets it.
 */
export function createIngestService(deps: IngestDeps): IngestService {
  const { database, transport, events: bus, metrics, logger } = deps;
  const log = logger.child({ component: "ingest" });
  const db = database.db;
  const registry = new DeviceRegistry(db, log, { refreshMs: deps.tuning?.registryRefreshMs });
  const writer = new BatchWriter<Db>({
    // Order inside one flush transaction: the modules' order, fixed, so instances lock alike.
    sinks: sinksOf(deps.modules),
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
  const kinds = new KindDispatch(deps.modules, {
    writer,
    db,
    events: bus,
    registry,
    logger: log,
    dataDir: deps.config.dataDir,
    commands: deps.commands,
    latency: metrics.latency,
  });
  const admission = new Admission({
    registry,
    metrics,
    logger: log,
    partialStream: transport.kind !== "embedded",
    sequenceGraceMs: deps.config.ingest.sequenceGraceMs,
    eventClock: deps.config.ingest.eventClock,
    snapshots: new SnapshotGate({ db, quota: deps.config.ingest.snapshotQuota }),
    checks: (msg) => kinds.check(msg),
  });
  const confirmer = new DeliveryConfirmer({
    publish: (topic, payload) => transport.publish(topic, payload, { qos: 0 }),
    metrics,
    logger: log,
    intervalMs: deps.tuning?.confirmIntervalMs,
  });
  let sweeper: NodeJS.Timeout | undefined;
  let accepted = 0;

  // Only QoS 1 (durable) messages are confirmed: the device keeps nothing else in its outbox past the write.
  function route(verdict: Verdict, receivedAt: number, durable: boolean): Promise<void> | undefined {
    if (!(verdict instanceof Refused)) return process(verdict, receivedAt, durable);
    if (durable) confirmer.refused(verdict);
    return undefined;
  }

  function process(msg: DecodedMessage, receivedAt: number, durable: boolean): Promise<void> | undefined {
    accepted += 1;
    metrics.ingestAccepted.inc({ kind: msg.kind });
    broadcast(msg);
    const { site, device: dev } = msg.address;
    const seq = (msg.message as { seq?: number }).seq;
    // Queued before the event's rows, so it is in the same or an earlier batch; both must commit. Kinds
    // whose statement advances it itself (seat changes: nearly all the volume) need no extra row.
    const sequenced =
      seq === undefined || kinds.sequenceInRow.has(msg.kind)
        ? undefined
        : writer.accept(sequenceSink, { siteId: site, deviceId: dev, seq });
    let stored: Promise<void> | undefined;
    try {
      stored = kinds.dispatch(msg, receivedAt);
    } catch (err) {
      fail(err, msg);
    }
    const done = stored && sequenced ? Promise.all([sequenced, stored]) : (stored ?? sequenced);
    const settled = done?.then(
      () => undefined,
      (err: unknown) => {
        if (err instanceof NotStoredError) {
          admission.forget(msg);
          throw err;
        }
        fail(err, msg);
      },
    );
    // Exactly when the transport acknowledges it to the broker: stored, or failed for good.
    if (durable && seq !== undefined) {
      confirmer.settleWhen(settled, { site, device: dev, seq, id: (msg.message as { id?: string }).id });
    }
    return settled;
  }

  /** Dashboards see an event at once; the write follows (the broadcast does not wait for the commit). */
  function broadcast(msg: DecodedMessage): void {
    if (!(msg.kind in liveEventNames)) return;
    const { site, device: dev, camera } = msg.address;
    // Never throws: a failing listener is logged and counted by the bus; the event is still stored.
    const event = { site, device: dev, camera, data: msg.message } as DomainEvents[DeviceEventKind];
    bus.emit(msg.kind as DeviceEventKind, event);
  }

  function fail(err: unknown, msg: DecodedMessage): void {
    metrics.ingestRejected.inc({ reason: "INTERNAL" });
    log.error({ err, kind: msg.kind, site: msg.address.site, device: msg.address.device }, "ingest failed");
  }

  function handle(topic: string, payload: Buffer, qos: 0 | 1 | 2 = 1): void | Promise<void> {
    // Taken before admission: a registry lookup on the way is part of the hub's share of the latency.
    const receivedAt = Date.now();
    const durable = qos > 0;
    const verdict = admission.admit(topic, payload);
    const stored =
      verdict instanceof Promise
        ? verdict.then((v) => route(v, receivedAt, durable))
        : route(verdict, receivedAt, durable);
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
      await kinds.hydrate(db);
      transport.onMessage(handle);
      confirmer.start();
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
      // What is still being stored is not confirmed: its devices send it again to whoever runs next.
      confirmer.stop();
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
