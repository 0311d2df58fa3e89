import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from "@nats-io/jetstream";
import { type NatsConnection, nanos } from "@nats-io/transport-node";
import { deviceToHubSubjects } from "./nats-subjects.js";

export interface IngestStreamOptions {
  /** JetStream stream holding device events until a hub committed them; default "SITEWATCH". */
  stream: string;
  /** Durable pull consumer shared by every hub instance; default "sitewatch-hub". */
  consumer: string;
  /** Stream replicas: 1 for a single server, 3 in a NATS cluster (survives the loss of one node). */
  replicas?: number;
  /** Events older than this are dropped even if no hub took them; default 7 days. */
  maxAgeMs?: number;
  /** The server redelivers a message not acked (nor marked in progress) within this; default 60 s. */
  ackWaitMs?: number;
  /** Messages delivered to all hubs together and not yet acked; default 20,000. */
  maxAckPending?: number;
}

const DAY_MS = 86_400_000;

function isNotFound(err: unknown, code: number): boolean {
  return err instanceof JetStreamApiError && (err.code === code || err.status === 404);
}

/**
 * Creates or updates the ingest stream and its durable consumer; idempotent, and safe when several hub
 * instances start at once. A work queue: a message is deleted when a hub acks it, so the store holds
 * only what no hub has committed yet.
 */
export async function ensureIngestStream(conn: NatsConnection, opts: IngestStreamOptions): Promise<void> {
  const jsm = await jetstreamManager(conn);
  const subjects = deviceToHubSubjects().durable;
  const streamConfig = {
    subjects,
    max_age: nanos(opts.maxAgeMs ?? 7 * DAY_MS),
    num_replicas: opts.replicas ?? 1,
  };
  await upsert(
    () => jsm.streams.info(opts.stream),
    () =>
      jsm.streams.add({
        name: opts.stream,
        ...streamConfig,
        retention: RetentionPolicy.Workqueue,
        storage: StorageType.File,
        discard: DiscardPolicy.Old,
      }),
    () => jsm.streams.update(opts.stream, streamConfig),
    JetStreamApiCodes.StreamNotFound,
  );
  await ensureConsumer(jsm, opts);
}

async function ensureConsumer(jsm: JetStreamManager, opts: IngestStreamOptions): Promise<void> {
  const config = {
    ack_wait: nanos(opts.ackWaitMs ?? 60_000),
    max_ack_pending: opts.maxAckPending ?? 20_000,
    // Unlimited redeliveries: an event is dropped only by max_age, never because the database was down.
    max_deliver: -1,
  };
  await upsert(
    () => jsm.consumers.info(opts.stream, opts.consumer),
    () =>
      jsm.consumers.add(opts.stream, {
        durable_name: opts.consumer,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ...config,
      }),
    () => jsm.consumers.update(opts.stream, opts.consumer, config),
    JetStreamApiCodes.ConsumerNotFound,
  );
}

/** info → update, or add when missing; an add that lost a race to another hub becomes an update. */
async function upsert(
  info: () => Promise<unknown>,
  add: () => Promise<unknown>,
  update: () => Promise<unknown>,
  notFoundCode: number,
): Promise<void> {
  try {
    await info();
  } catch (err) {
    if (!isNotFound(err, notFoundCode)) throw err;
    try {
      await add();
      return;
    } catch (addError) {
      // Another instance may have created it meanwhile; if not, the add's own error is the one to show.
      await update().catch((err: unknown) => {
        throw isNotFound(err, notFoundCode) ? addError : err;
      });
      return;
    }
  }
  await update();
}
