import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
import { MAX_FRAME_BYTES, topics } from "@sitewatch/shared-protocol";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { Database } from "../db/client.js";
import {
  type EmbeddedIngest,
  type EnrolledDevice,
  enrolTestDevice,
  migratedDatabase,
  payload,
  startEmbeddedIngest,
} from "../ingest/ingest.test-support.js";

// The hub runs in this process, so its memory is this process's: a refused attack must leave neither
// the buffers (arrayBuffers, where socket data lives) nor the resident set grown by more than a little,
// where an unguarded aedes buffers every byte of the announced packet (+200 MiB here).
v8.setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const MiB = 1024 * 1024;
const ATTACK_MIB = 200;
// A PUBLISH announcing the largest remaining length MQTT can express (268 MB).
const HUGE_PUBLISH = Buffer.from([0x30, 0xff, 0xff, 0xff, 0x7f]);
const HUGE_CONNECT = Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f]);
const junk = Buffer.alloc(MiB, 0x61);

let database: Database;
let dataDir: string;
let hub: EmbeddedIngest;
let device: EnrolledDevice;

function mqttString(value: string): Buffer {
  const bytes = Buffer.from(value);
  return Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes]);
}

/** An MQTT 3.1.1 CONNECT with a login, as bytes (the tests below need to write raw bytes after it). */
function connectPacket(login: EnrolledDevice): Buffer {
  const body = Buffer.concat([
    mqttString("MQTT"),
    Buffer.from([4, 0xc2, 0, 60]),
    mqttString(login.username),
    mqttString(login.username),
    mqttString(login.password),
  ]);
  expect(body.length).toBeLessThan(128);
  return Buffer.concat([Buffer.from([0x10, body.length]), body]);
}

const memory = () => {
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, buffers: m.arrayBuffers };
};

async function refusals(): Promise<Record<string, number>> {
  const values = (await hub.metrics.mqttRefused.get()).values;
  return Object.fromEntries(values.map((v) => [v.labels.reason, v.value]));
}

/** Writes `prefix`, then up to ATTACK_MIB MiB of junk as fast as the hub reads it, until it hangs up. */
async function tcpAttack(prefix: Buffer, login?: EnrolledDevice) {
  const socket = net.connect(hub.transport.ports().mqtt, "127.0.0.1");
  let closed = false;
  socket.on("error", () => {});
  socket.on("close", () => {
    closed = true;
  });
  await new Promise((resolve) => socket.once("connect", resolve));
  if (login) {
    socket.write(connectPacket(login));
    const connack = await new Promise<Buffer>((resolve) => socket.once("data", resolve));
    expect([...connack]).toEqual([0x20, 2, 0, 0]);
  }
  socket.write(prefix);
  let sent = 0;
  while (sent < ATTACK_MIB && !closed) {
    if (!socket.write(junk))
      await new Promise((resolve) => {
        socket.once("drain", resolve);
        socket.once("close", resolve);
      });
    sent += 1;
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  socket.destroy();
  return { closed, sentMiB: sent };
}

async function wsAttack(prefix: Buffer) {
  const ws = new WebSocket(`ws://127.0.0.1:${hub.transport.ports().ws}`, "mqtt");
  let closed = false;
  ws.on("error", () => {});
  ws.on("close", () => {
    closed = true;
  });
  await new Promise((resolve) => ws.once("open", resolve));
  ws.send(prefix);
  let sent = 0;
  // Frames of 1 MiB, under the 2 MiB frame limit; the client's own queue is kept small so only the hub's
  // side of the memory is measured.
  while (sent < ATTACK_MIB && !closed) {
    ws.send(junk);
    sent += 1;
    while (ws.bufferedAmount > 4 * MiB && !closed) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  ws.terminate();
  return { closed, sentMiB: sent };
}

beforeAll(async () => {
  database = await migratedDatabase({ kind: "pglite", dir: "memory://" });
  device = await enrolTestDevice(database.db, "s1", "d1");
  dataDir = await mkdtemp(join(tmpdir(), "sitewatch-guard-"));
  hub = await startEmbeddedIngest(database, { dataDir });
});

afterAll(async () => {
  await hub?.ingest.stop();
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("MQTT packet bounds", () => {
  for (const [name, attack, prefix, reason] of [
    ["a PUBLISH of 268 MB before any CONNECT (TCP)", tcpAttack, HUGE_PUBLISH, "not_connect"],
    ["a CONNECT announcing 268 MB (TCP)", tcpAttack, HUGE_CONNECT, "pre_connect_too_large"],
    ["a PUBLISH of 268 MB before any CONNECT (WebSocket)", wsAttack, HUGE_PUBLISH, "not_connect"],
    ["a CONNECT announcing 268 MB (WebSocket)", wsAttack, HUGE_CONNECT, "pre_connect_too_large"],
  ] as const) {
    it(`cuts off ${name} at its header, without buffering it`, async () => {
      const before = memory();
      const counted = (await refusals())[reason] ?? 0;
      const result = await attack(prefix);
      const after = memory();
      expect(result.closed).toBe(true);
      expect(result.sentMiB).toBeLessThan(ATTACK_MIB);
      expect(after.buffers - before.buffers).toBeLessThan(16 * MiB);
      expect(after.rss - before.rss).toBeLessThan(48 * MiB);
      expect((await refusals())[reason]).toBe(counted + 1);
    });
  }

  it("cuts off a logged-in device announcing a 268 MB PUBLISH, without buffering it", async () => {
    const before = memory();
    const result = await tcpAttack(HUGE_PUBLISH, device);
    const after = memory();
    expect(result.closed).toBe(true);
    expect(after.buffers - before.buffers).toBeLessThan(16 * MiB);
    expect(after.rss - before.rss).toBeLessThan(48 * MiB);
    expect((await refusals()).too_large).toBe(1);
  });

  it("still carries the largest message a device may send, over TCP and WebSocket", async () => {
    const before = await refusals();
    const accepted = hub.ingest.stats().accepted;
    const topic = topics.liveFrame({ site: "s1", device: "d1", camera: "cam-1" });
    for (const url of [hub.url, `ws://127.0.0.1:${hub.transport.ports().ws}`]) {
      const client = await mqtt.connectAsync(url, {
        username: device.username,
        password: device.password,
        clientId: device.username,
        reconnectPeriod: 0,
      });
      // The protocol's largest base64 picture (1,000,000 characters) in a live frame.
      const frame = payload("liveFrame", { jpeg: "A".repeat(1_000_000) });
      expect(Buffer.byteLength(frame)).toBeGreaterThan(1_000_000);
      expect(Buffer.byteLength(frame)).toBeLessThanOrEqual(MAX_FRAME_BYTES);
      await client.publishAsync(topic, frame, { qos: 1 });
      expect(client.connected).toBe(true);
      await client.endAsync();
    }
    expect(await refusals()).toEqual(before);
    expect(hub.ingest.stats().accepted).toBe(accepted + 2);
  });
});
