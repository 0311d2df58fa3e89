import { hubFilters, sharedSubscription, topics } from "@sitewatch/shared-protocol";
import { getFreePort, type MosquittoBroker, startMosquitto } from "@sitewatch/testkit";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { payload, until } from "../ingest/ingest.test-support.js";
import { capturingLogger } from "../observability/capturing-logger.test-support.js";
import { createLogger } from "../observability/logger.js";
import { createExternalTransport, hubClientId } from "./external-transport.js";

let broker: MosquittoBroker;

beforeAll(async () => {
  broker = await startMosquitto();
});

afterAll(async () => {
  await broker?.stop();
});

describe("external broker transport", () => {
  it("derives a stable client id from the instance id", () => {
    expect(hubClientId("hub a/1")).toBe("sitewatch-hub-hub-a-1");
    expect(hubClientId(undefined)).toMatch(/^sitewatch-hub-/);
  });

  it("retries an unreachable broker with growing, capped delays and then gives up start()", async () => {
    const port = await getFreePort();
    const { lines, logger } = capturingLogger();
    const transport = createExternalTransport({
      url: `mqtt://127.0.0.1:${port}`,
      shareGroup: "g",
      clientId: "hub-unreachable",
      logger,
      minReconnectMs: 50,
      maxReconnectMs: 200,
      startTimeoutMs: 1_200,
    });
    await expect(transport.start()).rejects.toThrow(/could not connect/);
    const delays = lines
      .filter((l) => l.msg === "MQTT connection lost; reconnecting")
      .map((l) => l.retryInMs);
    expect(delays.slice(0, 4)).toEqual([50, 100, 200, 200]);
  });

  it("gets the QoS 1 messages the broker queued for its session while it was away", async () => {
    const clientId = "hub-persistent";
    const topic = topics.seatChange({ site: "s1", device: "d1", camera: "c1" });
    // A previous run of this instance: persistent session with the shared subscriptions, then a crash.
    const previous = await mqtt.connectAsync(broker.url, {
      clientId,
      protocolVersion: 5,
      clean: false,
      properties: { sessionExpiryInterval: 300 },
      reconnectPeriod: 0,
    });
    await previous.subscribeAsync(
      hubFilters().map((f) => sharedSubscription("hubs", f)),
      { qos: 1 },
    );
    previous.stream.destroy();
    await until(() => !previous.connected, 2_000, "the crash");

    const device = await mqtt.connectAsync(broker.url, { clientId: "device", reconnectPeriod: 0 });
    const sent = [payload("seatChange"), payload("seatChange"), payload("seatChange")];
    for (const body of sent) await device.publishAsync(topic, body, { qos: 1 });
    await device.endAsync();

    expect(await receiveAfterRestart(clientId, topic, sent)).toEqual(sent);
  });

  it("keeps its session across a normal stop, so a restarted hub misses nothing", async () => {
    const clientId = "hub-restarted";
    const topic = topics.gateEntry({ site: "s1", device: "d1", camera: "c1" });
    const before = createExternalTransport({
      url: broker.url,
      shareGroup: "restart",
      clientId,
      logger: silent,
    });
    await before.start();
    await before.stop();
    const device = await mqtt.connectAsync(broker.url, { clientId: "device-2", reconnectPeriod: 0 });
    const sent = [payload("gateEntry"), payload("gateEntry")];
    for (const body of sent) await device.publishAsync(topic, body, { qos: 1 });
    await device.endAsync();
    expect(await receiveAfterRestart(clientId, topic, sent, "restart")).toEqual(sent);
  });

  it("acknowledges to the broker only after the handler stored a message, keeping many in flight", async () => {
    const clientId = "hub-deferred";
    const topic = topics.seatChange({ site: "s1", device: "d9", camera: "c1" });
    const gates: Array<() => void> = [];
    const seen: string[] = [];
    const first = createExternalTransport({
      url: broker.url,
      shareGroup: "deferred",
      clientId,
      logger: silent,
    });
    first.onMessage((t, body) => {
      if (t !== topic) return;
      seen.push(body.toString());
      // Never stored: the hub dies before the commit.
      return new Promise<void>((resolve) => gates.push(resolve));
    });
    await first.start();
    const device = await mqtt.connectAsync(broker.url, { clientId: "device-9", reconnectPeriod: 0 });
    const sent = Array.from({ length: 5 }, () => payload("seatChange"));
    for (const body of sent) await device.publishAsync(topic, body, { qos: 1 });
    await device.endAsync();
    // All five reach the handler although none is stored yet: they share one group commit.
    await until(() => seen.length === 5, 5_000, "messages in flight together");
    // The hub goes away before anything was stored: no PUBACK went out (stop waits a while for the
    // commits, then leaves), so the broker delivers all five again to the next run.
    await first.stop();
    expect((await receiveAfterRestart(clientId, topic, sent, "deferred")).sort()).toEqual([...sent].sort());
    for (const open of gates) open();
  });
});

const silent = createLogger("silent");

/** Starts a transport with `clientId` and collects what arrives on `topic` until `expected` is in. */
async function receiveAfterRestart(clientId: string, topic: string, expected: string[], group = "hubs") {
  const got: string[] = [];
  const transport = createExternalTransport({ url: broker.url, shareGroup: group, clientId, logger: silent });
  transport.onMessage((t, body) => {
    if (t === topic) got.push(body.toString());
  });
  await transport.start();
  try {
    await until(() => got.length >= expected.length, 5_000, "queued messages");
    return got;
  } finally {
    await transport.stop();
  }
}
