import { setTimeout as sleep } from "node:timers/promises";
import { type JsMsg, jetstream } from "@nats-io/jetstream";
import { connect, type NatsConnection, type Subscription } from "@nats-io/transport-node";
import type { Logger } from "../observability/logger.js";
import { ensureIngestStream, type IngestStreamOptions } from "./nats-stream.js";
import { deviceToHubSubjects, subjectToTopic, topicToSubject } from "./nats-subjects.js";
import type { MessageHandler, MqttTransport } from "./transport.js";

export interface JetStreamTransportOptions extends IngestStreamOptions {
  /** `nats://host:4222`, one per cluster node; username/password: the hub's user in the HUB account. */
  servers: string[];
  username?: string;
  password?: string;
  logger: Logger;
  /** Messages handled at once by this instance; the database writer commits them together. Default 512. */
  maxInFlight?: number;
  /** Messages asked for in one pull (default 256), and the redelivery delay after a failure (5 s). */
  batchSize?: number;
  nakDelayMs?: number;
  /** How long stop() lets in-flight messages finish before handing them back; default 10 s. */
  stopTimeoutMs?: number;
  /** start() fails if the server cannot be reached within this time; default 30 s. */
  startTimeoutMs?: number;
  /** nats.js reconnects every `minReconnectMs` (1 s); failed pulls back off doubling up to `maxReconnectMs` (30 s). */
  minReconnectMs?: number;
  maxReconnectMs?: number;
}

/** How long one pull waits for messages; bounds how long stop() waits for the current pull. */
const FETCH_EXPIRES_MS = 2_000;

/**
 * The hub as a NATS client of a nats-server whose MQTT listener the devices use. Device events land in
 * a file-backed JetStream stream before the device gets its PUBACK; hub instances share one durable pull
 * consumer, handle up to `maxInFlight` messages at once and ack each only when the handler's promise
 * says it is committed, so a broker or hub restart loses nothing (see docs/nats-broker.md).
 */
export function createJetStreamTransport(opts: JetStreamTransportOptions): MqttTransport {
  const log = opts.logger.child({ component: "nats-client" });
  const minDelay = opts.minReconnectMs ?? 1_000;
  const maxDelay = opts.maxReconnectMs ?? 30_000;
  const maxInFlight = opts.maxInFlight ?? 512;
  const ackWaitMs = opts.ackWaitMs ?? 60_000;
  const batchSize = opts.batchSize ?? 256;
  const { live } = deviceToHubSubjects();
  let handler: MessageHandler = () => {};
  let nc: NatsConnection | undefined;
  let pulling: Promise<void> | undefined;
  let stopping = false;
  let delay = minDelay;
  const inFlight = new Set<JsMsg>();
  const settled = new Set<Promise<void>>();
  const liveSubs: Subscription[] = [];
  let keepAlive: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  // Resolved by stop(), so a pull loop waiting for room (or a backoff) never outlives the transport.
  let signalStop: () => void = () => {};
  let stopped: Promise<void> = Promise.resolve();

  /** Backs off, but a reconnect ends the wait: pulling resumes as soon as the server is back. */
  async function backOff(): Promise<void> {
    const woken = new Promise<void>((resolve) => {
      wake = resolve;
    });
    await Promise.race([sleep(nextDelay(), undefined, { ref: false }), woken, stopped]);
    wake = undefined;
  }

  function nextDelay(): number {
    const d = delay;
    delay = Math.min(maxDelay, delay * 2);
    return d;
  }

  function handle(m: JsMsg): Promise<void> {
    inFlight.add(m);
    let result: void | Promise<void>;
    try {
      result = handler(subjectToTopic(m.subject), Buffer.from(m.data), 1);
    } catch (err) {
      result = Promise.reject(err);
    }
    const done = Promise.resolve(result).then(
      () => m.ack(),
      (err: unknown) => {
        log.error({ err, subject: m.subject, redelivery: m.info.deliveryCount }, "message handler failed");
        m.nak(opts.nakDelayMs ?? 5_000);
      },
    );
    const tracked = done.finally(() => {
      inFlight.delete(m);
      settled.delete(tracked);
    });
    settled.add(tracked);
    return tracked;
  }

  /**
   * Fetches batches rather than using consume(): every fetched message is handed to us, so on stop the
   * ones not yet handled are nak'ed at once instead of waiting out the ack wait in a client buffer.
   */
  async function pullLoop(conn: NatsConnection): Promise<void> {
    while (!stopping) {
      try {
        await ensureIngestStream(conn, opts);
        const consumer = await jetstream(conn).consumers.get(opts.stream, opts.consumer);
        while (!stopping) {
          const room = maxInFlight - settled.size;
          if (room <= 0) {
            await Promise.race([...settled, stopped]);
            continue;
          }
          const batch = await consumer.fetch({
            max_messages: Math.min(room, batchSize),
            expires: FETCH_EXPIRES_MS,
          });
          for await (const m of batch) {
            if (stopping) m.nak();
            else void handle(m);
          }
          delay = minDelay;
        }
      } catch (err) {
        if (stopping) break;
        log.warn({ err: (err as Error).message, retryInMs: delay }, "pulling from the ingest stream failed");
        await backOff();
      }
    }
  }

  function subscribeLive(conn: NatsConnection): void {
    for (const subject of live) {
      // A queue group: each QoS 0 message reaches one hub instance, as with MQTT shared subscriptions.
      const sub = conn.subscribe(subject, {
        queue: opts.consumer,
        callback: (err, msg) => {
          if (err) return;
          Promise.resolve()
            .then(() => handler(subjectToTopic(msg.subject), Buffer.from(msg.data), 0))
            .catch((e: unknown) => log.warn({ err: e, subject: msg.subject }, "live message handler failed"));
        },
      });
      liveSubs.push(sub);
    }
  }

  async function watchStatus(conn: NatsConnection): Promise<void> {
    for await (const s of conn.status()) {
      if (s.type === "disconnect") log.warn({ server: s.server }, "NATS connection lost; reconnecting");
      if (s.type === "reconnect") {
        delay = minDelay;
        wake?.();
        log.info({ server: s.server }, "reconnected to NATS");
      }
    }
  }

  async function start(): Promise<void> {
    stopping = false;
    stopped = new Promise<void>((resolve) => {
      signalStop = resolve;
    });
    const limit = opts.startTimeoutMs ?? 30_000;
    const deadline = Date.now() + limit;
    for (;;) {
      try {
        nc = await connect({
          servers: opts.servers,
          user: opts.username,
          pass: opts.password,
          name: opts.consumer,
          maxReconnectAttempts: -1,
          // A fixed wait with nats.js' jitter: its dial loop asks a reconnectDelayHandler on every pass,
          // not every attempt, so a doubling handler outran the clock and the client stayed away for
          // ~30 s after a broker restart while the devices' events piled up.
          reconnectTimeWait: minDelay,
          timeout: Math.min(10_000, limit),
        });
        break;
      } catch (err) {
        if (Date.now() + delay > deadline) {
          throw new Error(`could not connect to ${opts.servers.join(",")} within ${limit} ms`, {
            cause: err,
          });
        }
        log.warn({ err: (err as Error).message, retryInMs: delay }, "NATS not reachable yet");
        await sleep(nextDelay());
      }
    }
    delay = minDelay;
    const conn = nc;
    void watchStatus(conn);
    try {
      await ensureIngestStream(conn, opts);
    } catch (err) {
      nc = undefined;
      await conn.close().catch(() => {});
      throw new Error(`could not set up stream ${opts.stream}: ${(err as Error).message}`, { cause: err });
    }
    subscribeLive(conn);
    pulling = pullLoop(conn);
    // Long database stalls must not make the server redeliver what is still being written.
    keepAlive = setInterval(() => {
      for (const m of inFlight) m.working();
    }, ackWaitMs / 3);
    keepAlive.unref();
    log.info({ servers: opts.servers, stream: opts.stream, consumer: opts.consumer }, "consuming from NATS");
  }

  async function stop(): Promise<void> {
    stopping = true;
    signalStop();
    clearInterval(keepAlive);
    const conn = nc;
    nc = undefined;
    for (const sub of liveSubs.splice(0)) sub.unsubscribe();
    // Ack what finishes in time; hand the rest back at once (another instance, or this one later).
    await Promise.race([
      Promise.allSettled([...settled]),
      sleep(opts.stopTimeoutMs ?? 10_000, undefined, { ref: false }),
    ]);
    for (const m of inFlight) m.nak();
    await pulling?.catch(() => {});
    if (conn) await Promise.race([conn.drain().catch(() => {}), sleep(5_000, undefined, { ref: false })]);
    await conn?.close().catch(() => {});
  }

  return {
    kind: "nats",
    onMessage(h) {
      handler = h;
    },
    start,
    stop,
    async publish(topic, payload, { retain = false }) {
      if (!nc) throw new Error("NATS client is not running");
      // Retained messages exist only for MQTT publishers; the hub publishes commands, never retained.
      if (retain) throw new Error("retained publishes are not supported over NATS");
      nc.publish(topicToSubject(topic), payload);
      // Flushed means the server has it; it forwards to the device's MQTT session at QoS 0.
      await nc.flush();
    },
    connectedClients: () => null,
  };
}
