import net from "node:net";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import { startAedes } from "./aedes.js";
import { isPortOpen } from "./free-port.js";
import { nextMessage } from "./mqtt-messages.js";
import type { AedesBroker } from "./service-types.js";
import { useService } from "./use-service.js";

const clientOptions: IClientOptions = { reconnectPeriod: 0, connectTimeout: 5_000 };
const clients: MqttClient[] = [];

async function connect(broker: AedesBroker, options: IClientOptions = {}): Promise<MqttClient> {
  const client = await mqtt.connectAsync(broker.url, { ...clientOptions, ...options }, false);
  clients.push(client);
  return client;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
});

describe("startAedes: open broker", () => {
  const broker = useService(() => startAedes());

  it("reports the installed aedes version", () => {
    const b = broker();
    console.log(`testkit: aedes ${b.version} at ${b.url}`);
    expect(b.kind).toBe("aedes");
    expect(b.version).toMatch(/^1\.\d+\.\d+/);
    expect(b.url).toBe(`mqtt://127.0.0.1:${b.port}`);
  });

  it("delivers a QoS 1 message from one client to another", async () => {
    const subscriber = await connect(broker());
    const publisher = await connect(broker());
    const granted = await subscriber.subscribeAsync("sites/+/events", { qos: 1 });
    expect(granted.map((grant) => grant.qos)).toEqual([1]);

    const seenByBroker = new Promise<string>((resolve) => {
      broker().broker.on("publish", (packet, client) => {
        if (client !== null && packet.topic === "sites/depot/events") resolve(packet.payload.toString());
      });
    });
    const arrived = nextMessage(subscriber, { topic: "sites/depot/events" });
    const event = { camera: "dock", people: 2 };
    await publisher.publishAsync("sites/depot/events", JSON.stringify(event), { qos: 1 });

    const message = await arrived;
    expect(message.qos).toBe(1);
    expect(message.json()).toEqual(event);
    expect(JSON.parse(await seenByBroker)).toEqual(event);
  });
});

describe("startAedes: options are passed to the broker", () => {
  const broker = useService(() =>
    startAedes({
      authenticate: (_client, username, password, done) => {
        const ok = username === "edge" && password?.toString() === "edge-secret";
        if (ok) {
          done(null, true);
          return;
        }
        // 4 = "bad user name or password"; aedes sends it in the CONNACK.
        done(Object.assign(new Error("bad credentials"), { returnCode: 4 as const }), false);
      },
      authorizePublish: (_client, packet, callback) => {
        callback(packet.topic.startsWith("sites/") ? null : new Error(`publish to ${packet.topic} denied`));
      },
    }),
  );

  it("lets the right password in and routes allowed topics", async () => {
    const edge = await connect(broker(), { username: "edge", password: "edge-secret" });
    const listener = await connect(broker(), { username: "edge", password: "edge-secret" });
    await listener.subscribeAsync("sites/#", { qos: 1 });
    const arrived = nextMessage(listener);
    await edge.publishAsync("sites/depot/events", "hello", { qos: 1 });
    expect((await arrived).payload.toString()).toBe("hello");
  });

  it("rejects a wrong password through the authenticate hook", async () => {
    await expect(connect(broker(), { username: "edge", password: "wrong" })).rejects.toMatchObject({
      code: 4,
      message: expect.stringMatching(/bad username or password/i),
    });
    await expect(connect(broker())).rejects.toMatchObject({ code: 4 });
  });

  it("applies the authorizePublish hook: a denied publish closes the client", async () => {
    const edge = await connect(broker(), { username: "edge", password: "edge-secret" });
    const closed = new Promise<void>((resolve) => edge.once("close", () => resolve()));
    edge.publish("elsewhere/x", "denied", { qos: 1 });
    await closed;
    expect(edge.connected).toBe(false);
  }, 10_000);
});

describe("startAedes: lifecycle", () => {
  it("stop() closes the port even with connected and half-open clients, and is safe to call twice", async () => {
    const broker = await startAedes();
    await connect(broker);
    // Connected at TCP level but never sends CONNECT: aedes would wait connectTimeout (30 s) for it.
    const halfOpen = net.connect(broker.port, "127.0.0.1");
    halfOpen.on("error", () => {});
    await new Promise((resolve) => halfOpen.once("connect", resolve));

    const started = Date.now();
    await broker.stop();
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await isPortOpen(broker.port)).toBe(false);
    expect(broker.broker.closed).toBe(true);
    await expect(broker.stop()).resolves.toBeUndefined();
    halfOpen.destroy();
  });
});
