import { setTimeout as sleep } from "node:timers/promises";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { topics } from "@sitewatch/shared-protocol";
import { getFreePort, type NatsServer, startNats } from "@sitewatch/testkit";
import mqtt from "mqtt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { payload, until } from "../ingest/ingest.test-support.js";
import { capturingLogger } from "../observability/capturing-logger.test-support.js";
import { createLogger } from "../observability/logger.js";
import { createJetStreamTransport, type JetStreamTransportOptions } from "./jetstream-transport.js";

let nats: NatsServer;

beforeAll(async () => {
  nats = await startNats();
});

// Streams may not share subjects: each test starts without the previous one's stream.
afterEach(async () => {
  const nc = await connect({ servers: nats.url });
  const jsm = await jetstreamManager(nc);
  for await (const name of jsm.streams.names()) {
    // Only this file's streams: deleting nats' own $MQTT_* streams would stall every QoS 1 PUBACK.
    if (name.startsWith("T_")) await jsm.streams.delete(name);
  }
  await nc.close();
});

afterAll(async () => {
  await nats?.stop();
});

const options = (
  consumer: string,
  extra: Partial<JetStreamTransportOptions> = {},
): JetStreamTransportOptions => ({
  servers: [nats.url],
  stream: `T_${consumer}`,
  consumer,
  logger: createLogger("silent"),
  ...extra,
});

async function publishFromDevice(topic: string, bodies: string[]): Promise<void> {
  const device = await mqtt.connectAsync(nats.mqttUrl, {
    clientId: `dev-${Math.random()}`,
    reconnectPeriod: 0,
  });
  for (const body of bodies) await device.publishAsync(topic, body, { qos: 1 });
  await device.endAsync();
}

describe("JetStream transport", () => {
  it("retries an unreachable server with growing, capped delays and then gives up start()", async () => {
    const port = await getFreePort();
    const { lines, logger } = capturingLogger();
    const transport = createJetStreamTransport({
      ...options("unreachable", { logger, minReconnectMs: 50, maxReconnectMs: 200, startTimeoutMs: 1_200 }),
      servers: [`nats://127.0.0.1:${port}`],
    });
    await expect(transport.start()).rejects.toThrow(/could not connect/);
    const delays = lines.filter((l) => l.msg === "NATS not reachable yet").map((l) => l.retryInMs);
    expect(delays.slice(0, 4)).toEqual([50, 100, 200, 200]);
  });

  it("acks only after the handler resolves; a rejected message comes back and nothing is lost", async () => {
    const topic = topics.gateEntry({ site: "s1", device: "d1", camera: "c1" });
    const sent = Array.from({ length: 20 }, () => payload("gateEntry"));
    const transport = createJetStreamTransport(options("redeliver", { nakDelayMs: 100 }));
    const seen: string[] = [];
    let failures = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    transport.onMessage(async (t, body, qos) => {
      expect([t, qos]).toEqual([topic, 1]);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await sleep(50);
      inFlight -= 1;
      // The first delivery of the third message fails, as a database error would.
      if (body.toString() === sent[2] && failures === 0) {
        failures += 1;
        throw new Error("database unavailable");
      }
      seen.push(body.toString());
    });
    await transport.start();
    try {
      await publishFromDevice(topic, sent);
      await until(() => seen.length >= sent.length, 10_000, "every message handled");
      expect([...seen].sort()).toEqual([...sent].sort());
      expect(failures).toBe(1);
      // Handled concurrently (group commit), not one at a time.
      expect(maxInFlight).toBeGreaterThan(1);
    } finally {
      await transport.stop();
    }
    // Everything was acked: a second instance on the same consumer gets nothing more.
    const again = createJetStreamTransport(options("redeliver"));
    const late: string[] = [];
    again.onMessage((_t, body) => {
      late.push(body.toString());
    });
    await again.start();
    await sleep(1_000);
    await again.stop();
    expect(late).toEqual([]);
  });

  it("hands back what it had not finished at stop, to the next instance at once", async () => {
    const topic = topics.commandAck({ site: "s1", device: "d1" });
    const sent = Array.from({ length: 5 }, (_, i) => `ack-${i}`);
    const first = createJetStreamTransport(options("handback", { maxInFlight: 5, stopTimeoutMs: 300 }));
    let started = 0;
    // A commit that never finishes (a hung database): stop() must not leave these to the 60 s ack wait.
    first.onMessage(() => {
      started += 1;
      return new Promise<void>(() => {});
    });
    await first.start();
    await publishFromDevice(topic, sent);
    await until(() => started === sent.length, 5_000, "all in flight");
    await first.stop();
    const second = createJetStreamTransport(options("handback"));
    const got: string[] = [];
    second.onMessage((_t, body) => {
      got.push(body.toString());
    });
    const t0 = Date.now();
    await second.start();
    try {
      // Well inside the 60 s ack wait: the messages were nak'ed, not left to time out.
      await until(() => got.length >= sent.length, 10_000, "handed-back messages");
      expect([...got].sort()).toEqual(sent);
      expect(Date.now() - t0).toBeLessThan(10_000);
    } finally {
      await second.stop();
    }
  });
});
