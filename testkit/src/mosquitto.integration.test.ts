import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { isPortOpen } from "./free-port.js";
import { startMosquitto } from "./mosquitto.js";
import { mosquittoAclFile, mosquittoPasswordFile } from "./mosquitto-passwd.js";
import { collectMessages, nextMessage } from "./mqtt-messages.js";
import type { MosquittoBroker } from "./service-types.js";
import { useService } from "./use-service.js";

/** No reconnects: a refused or dropped connection must surface as an error in the test, not be retried. */
const clientOptions: IClientOptions = { reconnectPeriod: 0, connectTimeout: 5_000 };
const clients: MqttClient[] = [];

async function connect(broker: MosquittoBroker, options: IClientOptions = {}): Promise<MqttClient> {
  const client = await mqtt.connectAsync(broker.url, { ...clientOptions, ...options }, false);
  clients.push(client);
  return client;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
});

describe("startMosquitto: anonymous broker", () => {
  const broker = useService(() => startMosquitto());

  it("is a real Mosquitto that reports its version", async () => {
    const b = broker();
    console.log(`testkit: Mosquitto ${b.version} at ${b.url}`);
    expect(b.kind).toBe("mosquitto");
    expect(b.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(b.url).toBe(`mqtt://127.0.0.1:${b.port}`);
    // The port accepts connections a moment before Mosquitto logs "running", so wait for the line.
    await expect
      .poll(() => b.output(), { timeout: 5_000 })
      .toMatch(new RegExp(`mosquitto version ${b.version.replaceAll(".", "\\.")} running`));
  });

  it("delivers a QoS 1 message from one client to another", async () => {
    const subscriber = await connect(broker(), { clientId: "sub-1" });
    const publisher = await connect(broker(), { clientId: "pub-1" });
    const granted = await subscriber.subscribeAsync("sites/+/events", { qos: 1 });
    expect(granted.map((grant) => grant.qos)).toEqual([1]);

    const arrived = nextMessage(subscriber, { topic: "sites/depot/events" });
    const event = { camera: "gate", people: 4, at: "2024-05-01T12:00:00Z" };
    await publisher.publishAsync("sites/depot/events", JSON.stringify(event), { qos: 1 });
    const message = await arrived;

    expect(message.qos).toBe(1);
    expect(message.json()).toEqual(event);
    expect(broker().output()).toMatch(/New client connected .* as pub-1/);
  });
});

describe("startMosquitto: password and ACL files are passed through", () => {
  let dir: string | undefined;
  const broker = useService(async () => {
    dir = await mkdtemp(join(tmpdir(), "sitewatch-mosquitto-auth-"));
    const passwordFile = join(dir, "passwd");
    const aclFile = join(dir, "acl");
    await writeFile(passwordFile, mosquittoPasswordFile({ edge: "edge-secret", hub: "hub-secret" }));
    await writeFile(aclFile, mosquittoAclFile({ edge: ["write sites/depot/#"], hub: ["read sites/#"] }));
    return startMosquitto({ allowAnonymous: false, passwordFile, aclFile });
  });
  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it("accepts the right password and routes only what the ACL allows", async () => {
    const hub = await connect(broker(), { username: "hub", password: "hub-secret" });
    const edge = await connect(broker(), { username: "edge", password: "edge-secret" });
    await hub.subscribeAsync("sites/#", { qos: 1 });
    const received = collectMessages(hub);
    const allowed = nextMessage(hub, { topic: "sites/depot/events" });

    // Denied by the ACL: Mosquitto still acknowledges it (MQTT 3.1.1 has no way to say no) but drops it.
    await edge.publishAsync("sites/other/events", "forbidden", { qos: 1 });
    await edge.publishAsync("sites/depot/events", "allowed", { qos: 1 });

    expect((await allowed).payload.toString()).toBe("allowed");
    expect(received.messages.map((message) => message.topic)).toEqual(["sites/depot/events"]);
    received.stop();
  });

  it("rejects a wrong password with CONNACK 'not authorized'", async () => {
    const attempt = connect(broker(), { username: "edge", password: "wrong" });
    await expect(attempt).rejects.toMatchObject({
      code: 5,
      message: expect.stringMatching(/not authorized/i),
    });
  });

  it("rejects anonymous clients when allowAnonymous is false", async () => {
    await expect(connect(broker())).rejects.toMatchObject({ code: 5 });
  });
});

describe("startMosquitto: lifecycle", () => {
  it("stop() ends the broker, frees the port, removes the temp dir, and is safe to call twice", async () => {
    const broker = await startMosquitto();
    expect(await isPortOpen(broker.port)).toBe(true);
    expect(existsSync(broker.configPath)).toBe(true);

    await broker.stop();
    expect(await isPortOpen(broker.port)).toBe(false);
    expect(existsSync(broker.dir)).toBe(false);
    await expect(broker.stop()).resolves.toBeUndefined();
  });

  it("fails with Mosquitto's own message when the config is invalid", async () => {
    await expect(startMosquitto({ extraConfig: ["no_such_option true"] })).rejects.toThrow(
      /mosquitto did not start[\s\S]*no_such_option/,
    );
  });
});
