import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type MessageKind, parseTopic, uuidv7 } from "@sitewatch/shared-protocol";
import {
  collectMessages,
  type ReceivedMessage,
  startAedes,
  startMosquitto,
  type TestBroker,
} from "@sitewatch/testkit";
import mqtt, { type MqttClient } from "mqtt";
import { afterEach } from "vitest";
import { type Delivery, openDelivery } from "./delivery.js";
import type { OutboxLimits } from "./outbox.js";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Registers extra teardown to run after the current test, newest first. */
export function onCleanup(cleanup: () => Promise<unknown> | unknown): void {
  cleanups.push(cleanup);
}

export const address = { site: "site-1", device: "edge-1" };
const cam = { ...address, camera: "cam-a" };
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "delivery-it-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface AgentOptions {
  limits?: OutboxLimits;
  password?: string;
  /** Runs before start, e.g. to register command handlers. */
  setup?: (d: Delivery) => void;
}

/** One agent "process" on a data dir: outbox, seq counter, events, publisher and commands. */
export function startAgent(dir: string, url: string, { limits = {}, password, setup }: AgentOptions = {}) {
  const delivery = openDelivery({
    ...address,
    dataDir: dir,
    limits,
    mqtt: { url, password, reconnectMinMs: 100, reconnectMaxMs: 400 },
  });
  setup?.(delivery);
  delivery.start();
  cleanups.push(() => delivery.close());
  const { events, publisher, outbox, commands } = delivery;
  const seatChange = (i: number) =>
    events.emit("seatChange", cam, {
      seat: "1A",
      from: i % 2 ? "empty" : "occupied",
      to: i % 2 ? "occupied" : "empty",
      at: Date.now(),
      confidence: 0.8,
      evidence: { persons: i % 2, objects: [] },
    });
  return { outbox, events, publisher, commands, close: () => delivery.close(), seatChange };
}

export async function subscriber(url: string, options: { username?: string } = {}) {
  const client: MqttClient = await mqtt.connectAsync(url, {
    protocolVersion: 4,
    clientId: `sub-${uuidv7()}`,
    ...options,
  });
  cleanups.push(() => client.endAsync(true));
  const collected = collectMessages(client);
  await client.subscribeAsync("sitewatch/v1/site-1/edge-1/#", { qos: 1 });
  return { client, messages: collected.messages };
}

export const ofKind = (messages: ReceivedMessage[], kind: MessageKind) =>
  messages.filter((m) => {
    const parsed = parseTopic(m.topic);
    return parsed.ok && parsed.kind === kind;
  });
export const seqs = (messages: ReceivedMessage[]) =>
  ofKind(messages, "seatChange").map((m) => (m.json() as { seq: number }).seq);
export const availability = (messages: ReceivedMessage[]) =>
  ofKind(messages, "availability").map((m) => (m.json() as { state: string }).state);
export const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export async function until(what: string, predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Order check that tolerates QoS-1 redelivery: first occurrences of each seq must be increasing. */
export function firstOccurrences(values: number[]): number[] {
  const seen = new Set<number>();
  return values.filter((v) => !seen.has(v) && seen.add(v));
}

export const brokers: [string, () => Promise<TestBroker>][] = [
  ["aedes", () => startAedes()],
  ["mosquitto", () => startMosquitto()],
];

export async function broker(start: () => Promise<TestBroker>): Promise<TestBroker> {
  const b = await start();
  cleanups.push(() => b.stop());
  return b;
}
