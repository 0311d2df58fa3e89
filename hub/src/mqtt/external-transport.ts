import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { hubFilters, sharedSubscription } from "@sitewatch/shared-protocol";
import mqtt, { type IConnackPacket, type MqttClient } from "mqtt";
import type { Logger } from "../observability/logger.js";
import { DeferredPubacks } from "./deferred-pubacks.js";
import type { MessageHandler, MqttTransport } from "./transport.js";

export interface ExternalTransportOptions {
  url: string;
  username?: string;
  password?: string;
  /** Hub instances in one group split the device stream between them (MQTT 5 shared subscriptions). */
  shareGroup: string;
  /** Must be stable across restarts of one instance and distinct between instances; see hubClientId(). */
  clientId: string;
  logger: Logger;
  /** How long the broker keeps this instance's session (and its queued QoS 1 messages) while away. */
  sessionExpiryS?: number;
  /**
   * End the broker session on stop() (unsubscribe, session expiry 0). Only for an instance removed for
   * good: otherwise the broker would keep queueing its share until the session expires. Default false.
   */
  endSessionOnStop?: boolean;
  /** Published by the broker when the hub drops off without stopping (Home Assistant's hub status). */
  will?: { topic: string; payload: string };
  /** start() fails if the broker cannot be reached within this time; default 30 s. */
  startTimeoutMs?: number;
  /** Reconnect delays double from `minReconnectMs` up to `maxReconnectMs` (defaults 1 s and 30 s). */
  minReconnectMs?: number;
  maxReconnectMs?: number;
}

/** A client id that survives restarts: the configured instance id, else the host name. */
export function hubClientId(instanceId: string | undefined): string {
  return `sitewatch-hub-${(instanceId ?? hostname()).replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 40)}`;
}

// QoS 1 messages the broker may have outstanding at once (MQTT 5 receive maximum): the window that a
// group commit works on, and a bound on what waits in memory for the database.
const RECEIVE_MAXIMUM = 1_000;

/**
 * The hub as a client of an external broker (e.g. Mosquitto). A persistent session (clean start off,
 * a session expiry, a stable client id) makes the broker queue QoS 1 messages while the hub is briefly
 * away. Each message is acknowledged only after the handler stored it (see deferred-pubacks.ts), so an
 * unstored message is redelivered; up to RECEIVE_MAXIMUM are in flight, and when the writer is full
 * the broker's window fills and it stops sending (backpressure).
 */
export function createExternalTransport(opts: ExternalTransportOptions): MqttTransport {
  const log = opts.logger.child({ component: "mqtt-client", clientId: opts.clientId });
  const minDelay = opts.minReconnectMs ?? 1_000;
  const maxDelay = opts.maxReconnectMs ?? 30_000;
  const filters = hubFilters().map((f) => sharedSubscription(opts.shareGroup, f));
  let handler: MessageHandler = () => {};
  const acks = new DeferredPubacks();
  let client: MqttClient | undefined;
  let stopping = false;
  let delay = minDelay;
  let retry: NodeJS.Timeout | undefined;
  let onSubscribed: (() => void) | undefined;

  async function subscribe(c: MqttClient): Promise<void> {
    const granted = await c.subscribeAsync(filters, { qos: 1 });
    const refused = granted.filter((g) => g.qos !== 0 && g.qos !== 1 && g.qos !== 2);
    if (refused.length > 0) {
      throw new Error(
        `broker refused subscriptions: ${refused.map((g) => `${g.topic} (${g.qos})`).join(", ")}`,
      );
    }
  }

  function connect(): MqttClient {
    const c = mqtt.connect(opts.url, {
      protocolVersion: 5,
      clientId: opts.clientId,
      username: opts.username,
      password: opts.password,
      clean: false,
      properties: { sessionExpiryInterval: opts.sessionExpiryS ?? 3_600, receiveMaximum: RECEIVE_MAXIMUM },
      // Reconnects are scheduled here with exponential backoff; mqtt.js only knows a fixed period.
      reconnectPeriod: 0,
      resubscribe: false,
      connectTimeout: 10_000,
      keepalive: 30,
      ...(opts.will ? { will: { ...opts.will, qos: 1 as const, retain: true } } : {}),
    });
    acks.attach(c);
    c.handleMessage = (packet, done) => {
      const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
      let result: void | Promise<void>;
      try {
        result = handler(packet.topic, payload, packet.qos);
      } catch (err) {
        log.error({ err, topic: packet.topic }, "message handler threw");
        return done();
      }
      if (!result) return done();
      if (packet.qos > 0 && packet.messageId !== undefined) {
        acks.hold(
          packet.messageId,
          result.catch((err: unknown) => {
            log.warn({ err, topic: packet.topic }, "message not stored; the broker will deliver it again");
            throw err;
          }),
        );
        return done();
      }
      // QoS 0: nothing to acknowledge; waiting pauses reading while the writer is full.
      result.then(
        () => done(),
        () => done(),
      );
    };
    c.on("connect", (connack: IConnackPacket) => {
      delay = minDelay;
      log.info({ url: opts.url, sessionPresent: connack.sessionPresent }, "connected to the MQTT broker");
      // Subscribing again is harmless when the session kept the subscriptions, and needed when not.
      subscribe(c).then(
        () => onSubscribed?.(),
        (err: unknown) => log.error({ err }, "subscribing to device topics failed"),
      );
    });
    c.on("error", (err) => log.warn({ err: err.message }, "MQTT client error"));
    c.on("close", () => {
      acks.reset();
      if (stopping || retry) return;
      log.warn({ retryInMs: delay }, "MQTT connection lost; reconnecting");
      retry = setTimeout(() => {
        retry = undefined;
        if (!stopping) c.reconnect();
      }, delay);
      delay = Math.min(maxDelay, delay * 2);
    });
    return c;
  }

  async function stop(): Promise<void> {
    stopping = true;
    if (retry) clearTimeout(retry);
    retry = undefined;
    const c = client;
    client = undefined;
    if (!c) return;
    // Acknowledge what is being stored before leaving, or the broker sends it again after the restart.
    for (const until = Date.now() + 5_000; acks.waiting > 0 && c.connected && Date.now() < until; )
      await sleep(10);
    if (c.connected && opts.endSessionOnStop) {
      // Leave the group first, so the broker stops routing this instance's share to a session that
      // is about to end; the other instances take it.
      await Promise.race([
        c.unsubscribeAsync(filters).catch(() => {}),
        sleep(2_000, undefined, { ref: false }),
      ]);
      await Promise.race([
        c.endAsync(false, { properties: { sessionExpiryInterval: 0 } }),
        sleep(2_000, undefined, { ref: false }),
      ]);
    } else if (c.connected) {
      // A normal stop is usually a restart: the session stays, and the broker queues this instance's
      // share until it is back (with a single hub, that is every message sent meanwhile).
      await Promise.race([c.endAsync(false), sleep(2_000, undefined, { ref: false })]);
    }
    await c.endAsync(true).catch(() => {});
  }

  async function start(): Promise<void> {
    stopping = false;
    const subscribed = new Promise<void>((resolve) => {
      onSubscribed = resolve;
    });
    client = connect();
    const limit = opts.startTimeoutMs ?? 30_000;
    const timeout = sleep(limit, "timeout" as const, { ref: false });
    if ((await Promise.race([subscribed, timeout])) === "timeout") {
      await stop();
      throw new Error(`could not connect and subscribe to ${opts.url} within ${limit} ms`);
    }
  }

  return {
    kind: "external",
    onMessage(h) {
      handler = h;
    },
    start,
    stop,
    publish(topic, payload, { qos, retain = false }) {
      if (!client) return Promise.reject(new Error("MQTT client is not running"));
      return client.publishAsync(topic, payload, { qos, retain }).then(() => undefined);
    },
    connectedClients: () => null,
  };
}
