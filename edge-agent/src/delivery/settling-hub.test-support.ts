import {
  deviceSettledTopic,
  encodeMessage,
  MAX_SETTLED_RANGES,
  messages,
  PROTOCOL_VERSION,
  parseTopic,
  SeqRanges,
} from "@sitewatch/shared-protocol";
import type { MqttClient } from "mqtt";

export interface SettlingHub {
  /** Confirmations are sent while true; set false to play a hub that stores nothing (or is down). */
  confirming: boolean;
  /** Numbers confirmed so far, per `site/device`. */
  readonly confirmed: Map<string, SeqRanges>;
  stop(): void;
}

/**
 * The hub's side of delivery confirmations, played on a test client that subscribes to device events:
 * every QoS 1 event received counts as stored, and each device gets a `settled` message with its numbers
 * every `intervalMs`, as the hub's DeliveryConfirmer sends them. Lets the agent's delivery be tested on a
 * bare broker; the end-to-end proof with the real hub is in hub/src/mqtt/jetstream-restart.
 */
export function settleOnReceipt(client: MqttClient, intervalMs = 30): SettlingHub {
  const pending = new Map<string, { site: string; device: string; ranges: SeqRanges }>();
  const hub: SettlingHub = {
    confirming: true,
    confirmed: new Map(),
    stop() {
      clearInterval(timer);
      client.off("message", onMessage);
    },
  };
  const onMessage = (topic: string, payload: Buffer, packet: { qos: number }) => {
    const parsed = parseTopic(topic);
    if (!hub.confirming || !parsed.ok || packet.qos === 0) return;
    if (messages[parsed.kind].direction !== "device-to-hub") return;
    let seq: unknown;
    try {
      seq = (JSON.parse(payload.toString("utf8")) as { seq?: unknown }).seq;
    } catch {
      return;
    }
    if (typeof seq !== "number") return;
    const { site, device } = parsed.address;
    const key = `${site}/${device}`;
    const entry = pending.get(key) ?? { site, device, ranges: new SeqRanges() };
    pending.set(key, entry);
    entry.ranges.add(seq);
    const all = hub.confirmed.get(key) ?? new SeqRanges();
    hub.confirmed.set(key, all);
    all.add(seq);
  };
  client.on("message", onMessage);
  const timer = setInterval(() => {
    for (const { site, device, ranges } of pending.values()) {
      const all = ranges.toArray();
      for (let i = 0; i < all.length; i += MAX_SETTLED_RANGES) {
        const chunk = all.slice(i, i + MAX_SETTLED_RANGES);
        const body = encodeMessage("settled", { v: PROTOCOL_VERSION, ts: Date.now(), ranges: chunk });
        client.publish(deviceSettledTopic({ site, device }), body, { qos: 0 });
      }
    }
    pending.clear();
  }, intervalMs);
  timer.unref();
  return hub;
}
