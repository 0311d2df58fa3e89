import type { IPublishPacket, MqttClient } from "mqtt";

export interface ReceivedMessage {
  readonly topic: string;
  readonly payload: Buffer;
  readonly qos: 0 | 1 | 2;
  readonly retain: boolean;
  /** The payload as UTF-8 JSON; throws if it is not JSON, which in a test is a finding, not noise. */
  json(): unknown;
}

export interface NextMessageOptions {
  /** Only a message on exactly this topic counts; others are ignored. */
  topic?: string;
  /** Default 5 s: long enough for a loaded CI box, short enough that a lost message fails fast. */
  timeoutMs?: number;
}

/**
 * Resolves with the next message the client receives. Listen before publishing: a message that arrived
 * before the call is not seen. Rejects on timeout, so "nothing arrived" is a clear failure, not a hang.
 */
export function nextMessage(client: MqttClient, options: NextMessageOptions = {}): Promise<ReceivedMessage> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  return new Promise((resolve, reject) => {
    const onMessage = (topic: string, payload: Buffer, packet: IPublishPacket) => {
      if (options.topic !== undefined && topic !== options.topic) return;
      cleanup();
      resolve(toReceived(topic, payload, packet));
    };
    const timer = setTimeout(() => {
      cleanup();
      const which = options.topic === undefined ? "any topic" : `topic ${options.topic}`;
      reject(new Error(`testkit: no MQTT message on ${which} within ${timeoutMs} ms`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      client.off("message", onMessage);
    };
    client.on("message", onMessage);
  });
}

/**
 * Records every message the client receives from now on, in arrival order, e.g. to prove that a message
 * was *not* delivered: publish the forbidden one, then an allowed one, wait for the allowed one, and check
 * the forbidden one is absent (a broker delivers one publisher's messages in order).
 */
export function collectMessages(client: MqttClient): { readonly messages: ReceivedMessage[]; stop(): void } {
  const messages: ReceivedMessage[] = [];
  const onMessage = (topic: string, payload: Buffer, packet: IPublishPacket) => {
    messages.push(toReceived(topic, payload, packet));
  };
  client.on("message", onMessage);
  return { messages, stop: () => client.off("message", onMessage) };
}

function toReceived(topic: string, payload: Buffer, packet: IPublishPacket): ReceivedMessage {
  return {
    topic,
    payload,
    qos: packet.qos,
    retain: packet.retain,
    json: () => JSON.parse(payload.toString("utf8")) as unknown,
  };
}
