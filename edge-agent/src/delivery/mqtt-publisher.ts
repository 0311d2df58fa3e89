import {
  decodeMessage,
  deviceSettledTopic,
  encodeMessage,
  PROTOCOL_VERSION,
  topics,
} from "@sitewatch/shared-protocol";
import mqtt, { type MqttClient } from "mqtt";
import type { LogLine } from "../logging/log-line.js";
import type { LedgerOptions } from "./confirmation-ledger.js";
import type { Outbox } from "./outbox.js";
import { OutboxPump, type PumpStats } from "./outbox-pump.js";
import { reconnectDelay } from "./reconnect-delay.js";

export interface PublisherOptions {
  url: string;
  site: string;
  device: string;
  /** Default `<site>.<device>`, the hub's device username. */
  username?: string;
  password?: string;
  /** Default: the username, which the hub's broker requires (or `username:` + suffix). */
  clientId?: string;
  outbox: Outbox;
  agentVersion?: string;
  /** Published records waiting for their PUBACK at most; default 32. */
  window?: number;
  /** When unconfirmed records are sent again, and how many may be unsettled at most. */
  confirmations?: LedgerOptions;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  keepaliveS?: number;
  log?: LogLine;
}

export interface PublisherStats extends PumpStats {
  connected: boolean;
  connects: number;
}

type MessageHandler = (topic: string, payload: Buffer) => void;

const STOP_TIMEOUT_MS = 3_000;
const RESEND_CHECK_MS = 1_000;

/** True when `promise` settled within `ms`. */
async function withTimeout(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const done = await Promise.race([promise.then(() => true as const), timeout]);
  clearTimeout(timer);
  return done;
}

/**
 * Drains the outbox to the broker in order over MQTT 3.1.1 at QoS 1 (OutboxPump), acking the outbox only
 * when the hub confirms on the device's `settled` topic: a broker's PUBACK is not enough, since a broker
 * can lose what it acknowledged. After a drop, everything unsettled past the outbox cursor is sent again
 * (the hub dedupes by event id). Each connection gets a fresh client with automatic reconnect off, so no
 * copy of an old in-flight packet is resent behind our back and the outbox stays the single source of
 * what to send; reconnects back off 1 → 2 → 4 … 30 s.
 *
 * Availability bypasses the outbox: it is a retained status, not an event, and only the latest matters —
 * `online` is published on every connect, `offline` is the last will and is also sent on a clean stop.
 */
export class MqttPublisher {
  private client: MqttClient | undefined;
  private generation = 0;
  private attempt = 0;
  private connects = 0;
  private readonly pump: OutboxPump;
  private resendTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private readonly subscriptions = new Map<string, MessageHandler>();
  private readonly connectListeners = new Set<(connects: number) => void>();
  private readonly unsubscribeOutbox: () => void;
  private readonly username: string;

  constructor(private readonly options: PublisherOptions) {
    this.username = options.username ?? `${options.site}.${options.device}`;
    this.pump = new OutboxPump(options.outbox, options.window ?? 32, options.confirmations);
    this.unsubscribeOutbox = options.outbox.onAppend(() => this.pump.pump());
    this.subscriptions.set(deviceSettledTopic(options), (topic, payload) => this.onSettled(topic, payload));
  }

  get connected(): boolean {
    return this.client?.connected === true;
  }

  start(): void {
    this.stopping = false;
    clearInterval(this.resendTimer);
    this.resendTimer = setInterval(() => this.pump.resendIfDue(), RESEND_CHECK_MS);
    this.resendTimer.unref();
    this.connect();
  }

  /** Subscribes now and after every reconnect (sessions are clean); messages go to `handler`. */
  subscribe(filter: string, handler: MessageHandler): void {
    this.subscriptions.set(filter, handler);
    if (this.connected) this.client?.subscribe(filter, { qos: 1 });
  }

  /**
   * Calls `listener` on every connect with the number of connects so far (1: the first). What it emits
   * joins the outbox behind the backlog that this connection sends first.
   */
  onConnect(listener: (connects: number) => void): () => void {
    this.connectListeners.add(listener);
    return () => this.connectListeners.delete(listener);
  }

  stats(): PublisherStats {
    return { connected: this.connected, connects: this.connects, ...this.pump.stats() };
  }

  /** Announces offline (as the will would) and disconnects; unacknowledged records stay in the outbox. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.resendTimer);
    this.pump.detach();
    this.unsubscribeOutbox();
    const client = this.client;
    if (!client) return;
    if (client.connected) {
      // A link that dies during shutdown must not hang it: the will covers the offline announcement then.
      const graceful = (async () => {
        await client.publishAsync(this.availabilityTopic(), this.availability("offline"), {
          qos: 1,
          retain: true,
        });
        await client.endAsync();
      })().catch(() => undefined);
      if (!(await withTimeout(graceful, STOP_TIMEOUT_MS))) await client.endAsync(true);
    } else {
      await client.endAsync(true);
    }
  }

  private connect(): void {
    const generation = ++this.generation;
    const client = mqtt.connect(this.options.url, {
      protocolVersion: 4,
      clientId: this.options.clientId ?? this.username,
      username: this.username,
      password: this.options.password,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      keepalive: this.options.keepaliveS ?? 30,
      will: { topic: this.availabilityTopic(), payload: this.availability("offline"), qos: 1, retain: true },
    });
    this.client = client;
    client.on("connect", () => {
      if (generation !== this.generation) return;
      this.attempt = 0;
      this.connects += 1;
      client.publish(this.availabilityTopic(), this.availability("online"), { qos: 1, retain: true });
      // Subscribed before anything is sent, so no confirmation for this connection's events is missed.
      for (const filter of this.subscriptions.keys()) client.subscribe(filter, { qos: 1 });
      this.pump.attach(client);
      for (const listener of this.connectListeners) {
        try {
          listener(this.connects);
        } catch (err) {
          this.options.log?.(`mqtt: on connect: ${(err as Error).message}`, { level: "error" });
        }
      }
    });
    client.on("message", (topic, payload) => {
      for (const [filter, handler] of this.subscriptions) if (matches(filter, topic)) handler(topic, payload);
    });
    client.on("error", (err) => this.options.log?.(`mqtt: ${err.message}`, { level: "warn" }));
    client.on("close", () => {
      if (generation !== this.generation || this.stopping) return;
      // Forget what was in flight: it is still in the outbox and goes out again on the next connection.
      this.generation += 1;
      this.pump.detach();
      client.end(true);
      const delay = reconnectDelay(this.attempt++, this.options.reconnectMinMs, this.options.reconnectMaxMs);
      this.options.log?.(`mqtt: disconnected; reconnecting in ${delay} ms`, { level: "warn" });
      this.reconnectTimer = setTimeout(() => this.connect(), delay);
    });
  }

  private onSettled(topic: string, payload: Buffer): void {
    const decoded = decodeMessage(topic, payload);
    if (decoded.ok && decoded.kind === "settled") this.pump.confirm(decoded.message.ranges);
    else this.options.log?.(`mqtt: ignored a malformed delivery confirmation on ${topic}`, { level: "warn" });
  }

  private availabilityTopic(): string {
    return topics.availability({ site: this.options.site, device: this.options.device });
  }

  private availability(state: "online" | "offline"): string {
    const message = { v: PROTOCOL_VERSION, state, ts: Date.now() };
    const agentVersion = this.options.agentVersion;
    return encodeMessage("availability", agentVersion ? { ...message, agentVersion } : message);
  }
}

/** MQTT filter match for the `+` and `#` wildcards. */
export function matches(filter: string, topic: string): boolean {
  const f = filter.split("/");
  const t = topic.split("/");
  for (let i = 0; i < f.length; i++) {
    if (f[i] === "#") return true;
    if (i >= t.length || (f[i] !== "+" && f[i] !== t[i])) return false;
  }
  return f.length === t.length;
}
