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
import type { LedgerOptions } from "./confirmation-ledger.js";
import { type Delivery, openDelivery } from "./delivery.js";
import type { OutboxLimits } from "./outbox.js";
import { settleOnReceipt } from "./settling-hub.test-support.js";

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
  confirmations?: LedgerOptions;
  /** Runs before start, e.g. to register command handlers. */
  setup?: (d: Delivery) => void;
}

/** One agent "process" on a data dir: outbox, seq counter, events, publisher and commands. */
export function startAgent(
  dir: string,
  url: string,
  { limits = {}, password, confirmations, setup }: AgentOptions = {},
) {
  const delivery = openDelivery({
    ...address,
    dataDir: dir,
    limits,
    mqtt: { url, password, reconnectMinMs: 100, reconnectMaxMs: 400, confirmations },
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

/**
 * A client that receives everything the device publishes and, like the hub, confirms each QoS 1 event
 * it received (`settled`), so the device's outbox drains; `confirm: false` plays a hub that never does.
 */
export async function subscriber(url: string, options: { username?: string; confirm?: boolean } = {}) {
  const client: MqttClient = await mqtt.connectAsync(url, {
    protocolVersion: 4,
    clientId: `sub-${uuidv7()}`,
    username: options.username,
  });
  cleanups.push(() => client.endAsync(true));
  const collected = collectMessages(client);
  const hub = settleOnReceipt(client);
  hub.confirming = options.confirm ?? true;
  cleanups.push(() => hub.stop());
  await client.subscribeAsync("sitewatch/v1/site-1/edge-1/#", { qos: 1 });
  return { client, messages: collected.messages, hub };
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
