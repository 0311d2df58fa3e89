import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { deviceTopicPrefix, topics } from "@sitewatch/shared-protocol";
import { collectMessages } from "@sitewatch/testkit";
import { eq } from "drizzle-orm";
import { MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../auth/passwords.js";
import { devices } from "../db/schema/index.js";
import { seedSite, startTestHub, type TestHub } from "../http/http.test-support.js";
import { enrolTestDevice, payload } from "../ingest/ingest.test-support.js";
import { createLogger } from "../observability/logger.js";
import { type BrokerAuth, createBrokerAuth } from "./broker-auth.js";
import { createEmbeddedTransport, type EmbeddedTransport } from "./embedded-transport.js";

/**
 * The finding behind this file: wrong MQTT passwords for a real device name (and wrong logins) were
 * each checked with scrypt, so a few hundred of them stalled REST and the real device's CONNECT.
 * Everything here is real: the REST app, PGlite, the embedded aedes broker and TCP connections.
 */
const logger = createLogger("silent");
let hub: TestHub;
let auth: BrokerAuth;
let transport: EmbeddedTransport;
let real: { username: string; password: string };
const clients: MqttClient[] = [];

type Credentials = { username: string; password: string };

/** Connects over TCP from `from` (any 127.x address is this host), so throttling sees distinct peers. */
function connectFrom(from: string, creds: Credentials, clientId = creds.username): Promise<MqttClient> {
  const port = transport.ports().mqtt;
  const client = new MqttClient(() => net.createConnection({ port, host: "127.0.0.1", localAddress: from }), {
    ...creds,
    clientId,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
  });
  clients.push(client);
  return new Promise((resolve, reject) => {
    client.once("connect", () => resolve(client));
    client.once("error", reject);
    client.once("close", () => reject(new Error("closed before CONNACK")));
  });
}

const throttled = async () =>
  (await hub.metrics.authThrottled.get()).values
    .filter((v) => v.labels.scope === "mqtt")
    .reduce((sum, v) => sum + v.value, 0);
const failures = async (kind: string) =>
  (await hub.metrics.mqttAuthFailures.get()).values.find((v) => v.labels.kind === kind)?.value ?? 0;

beforeAll(async () => {
  hub = await startTestHub();
  real = (await seedSite(hub, "site-a", { device: "dev-a" })).mqtt;
  auth = createBrokerAuth({ db: hub.database.db, metrics: hub.metrics, logger });
  transport = createEmbeddedTransport({
    mqtt: { host: "127.0.0.1", port: 0, wsPort: 0 },
    auth,
    metrics: hub.metrics,
    logger,
  });
  await transport.start();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true)));
  await transport?.stop();
  await hub?.close();
});

describe("MQTT CONNECT floods", () => {
  it("300 wrong passwords for a real device's name leave REST and the real device's CONNECT working", async () => {
    const before = await throttled();
    const connected = await connectFrom("127.0.0.1", real);
    let sent = 0;
    let refused = 0;
    let stop = false;
    // Ten attackers on the device's own client id, until at least 300 tries and the checks below are done.
    const flood = Promise.all(
      Array.from({ length: 10 }, async () => {
        while (!stop || sent < 300) {
          sent += 1;
          await connectFrom("127.0.0.1", { username: real.username, password: `wrong-${sent}` }).then(
            () => expect.fail("a wrong password was accepted"),
            () => {
              refused += 1;
            },
          );
        }
      }),
    );
    while (sent < 60) await sleep(10);

    const sites = await hub.call("GET", "/api/v1/sites", { token: hub.adminToken });
    expect(sites.status).toBe(200);
    // The device from its own address, never verified before: not held back by the flood's lockouts.
    const cold = await connectFrom("127.0.0.2", real, `${real.username}:cold`);
    expect(cold.connected).toBe(true);
    // From the flooded address itself: a login verified moments ago still passes.
    const warm = await connectFrom("127.0.0.1", real, `${real.username}:warm`);
    expect(warm.connected).toBe(true);
    expect(await throttled()).toBeGreaterThan(before);
    stop = true;
    await flood;

    expect(refused).toBe(sent);
    expect(sent).toBeGreaterThanOrEqual(300);
    // Refused CONNECTs on its client id did not take the real device's session over.
    expect(connected.connected).toBe(true);
  });

  it("a flood of wrong REST logins does not stop a device's CONNECT or other REST calls", async () => {
    const device = (await seedSite(hub, "site-b", { device: "dev-b" })).mqtt;
    const flood = Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        hub.call("POST", "/api/v1/auth/login", {
          json: { email: `spray-${i}@example.com`, password: "guess-guess" },
          env: { remoteAddress: `10.9.${Math.floor(i / 250)}.${i % 250}` },
        }),
      ),
    );
    const [client, sites] = await Promise.all([
      connectFrom("127.0.0.3", device),
      hub.call("GET", "/api/v1/sites", { token: hub.adminToken }),
    ]);
    expect(client.connected).toBe(true);
    expect(sites.status).toBe(200);
    const statuses = (await flood).map((r) => r.status);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
  });
});

describe("device password hashes", () => {
  it("verify a legacy scrypt hash once and replace it with the fast format", async () => {
    const legacy = await enrolTestDevice(hub.database.db, "site-a", "dev-legacy");
    // As enrolled before device secrets got the fast hash.
    await hub.database.db
      .update(devices)
      .set({ passwordHash: await hashPassword(legacy.password) })
      .where(eq(devices.id, "dev-legacy"));
    const hashOf = async () =>
      (await hub.database.db.select().from(devices).where(eq(devices.id, "dev-legacy")))[0]?.passwordHash;
    expect(await hashOf()).toMatch(/^scrypt\$/);
    const first = await connectFrom("127.0.0.4", legacy);
    expect(first.connected).toBe(true);
    expect(await hashOf()).toMatch(/^sha256\$/);
    // Without the login cache, the next CONNECT is checked against the new hash.
    auth.invalidate(legacy.username);
    const second = await connectFrom("127.0.0.4", legacy, `${legacy.username}:2`);
    expect(second.connected).toBe(true);
    await expect(
      connectFrom("127.0.0.4", { ...legacy, password: "wrong" }, `${legacy.username}:3`),
    ).rejects.toThrow(/bad user/i);
  });
});

describe("retained messages", () => {
  it("are refused outside the protocol's retained kinds and above their size, and never stored", async () => {
    const prefix = deviceTopicPrefix({ site: "site-a", device: "dev-a" });
    const before = await failures("retain");
    const availability = topics.availability({ site: "site-a", device: "dev-a" });
    const publisher = await connectFrom("127.0.0.5", real, `${real.username}:retain`);
    await publisher.publishAsync(availability, payload("availability"), { qos: 1, retain: true });
    const refusedTopics = [
      { topic: topics.seatChange({ site: "site-a", device: "dev-a", camera: "c1" }), bytes: 100 },
      { topic: `${prefix}junk/topic`, bytes: 1_000_000 },
      { topic: topics.cameraStatus({ site: "site-a", device: "dev-a", camera: "c1" }), bytes: 1_000_000 },
    ];
    for (const { topic, bytes } of refusedTopics) {
      const device = await connectFrom("127.0.0.5", real, `${real.username}:retain-bad`);
      const closed = new Promise<void>((resolve) => device.once("close", () => resolve()));
      device.publish(topic, Buffer.alloc(bytes, 120), { qos: 1, retain: true });
      await closed;
    }
    expect((await failures("retain")) - before).toBe(refusedTopics.length);

    const reader = await connectFrom("127.0.0.5", real, `${real.username}:reader`);
    const seen = collectMessages(reader);
    await reader.subscribeAsync(`${prefix}#`, { qos: 1 });
    await sleep(200);
    expect(seen.messages.map((m) => m.topic)).toEqual([availability]);
    seen.stop();
  });
});
