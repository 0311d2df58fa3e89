import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type CommandAck,
  decodeMessage,
  deviceCommandFilter,
  encodeMessage,
  topicFilter,
  topics,
  uuidv7,
} from "@sitewatch/shared-protocol";
import { type AedesBroker, startAedes } from "@sitewatch/testkit";
import { and, eq } from "drizzle-orm";
import mqtt, { type MqttClient } from "mqtt";
import { createUser } from "../../../auth/users.js";
import { createCommandService } from "../../../commands/command-service.js";
import type { HubConfig } from "../../../config.js";
import { cameras, devices } from "../../../db/schema/index.js";
import { listen } from "../../../http/listen.js";
import { type EnrolledDevice, enrolTestDevice } from "../../../ingest/ingest.test-support.js";
import { createLogger } from "../../../observability/logger.js";
import { createMetrics } from "../../../observability/metrics.js";
import type { ArchiveServiceOptions } from "../archive-services.js";
import { type ArchiveApi, startArchiveApi } from "../routes/archive-api.test-support.js";

/** How the simulated device answers a command; null: it stays silent. */
export type Answer = Pick<CommandAck, "status" | "result" | "error"> | null;
export type Received = { kind: string; message: Record<string, unknown> };

export interface ArchiveRig extends ArchiveApi {
  /** The app on a real HTTP port, so device uploads and players stream as they do in production. */
  base: string;
  camera: { site: string; device: string; camera: string };
  /** The device that owns the camera, with its HTTP Basic header. */
  device: EnrolledDevice & { basic: string };
  /** Another device of the same site. */
  neighbour: EnrolledDevice & { basic: string };
  /** Commands that reached the device over MQTT, in order. */
  received: Received[];
  /** Decides the device's acknowledgement; replace it per test (default: accepted). */
  answer: (command: Received) => Answer | Promise<Answer>;
  /** A site manager of the camera's site and one of another site. */
  managerToken: string;
  outsiderToken: string;
  setOnline(online: boolean): Promise<void>;
}

const basicOf = (d: EnrolledDevice) =>
  `Basic ${Buffer.from(`${d.username}:${d.password}`).toString("base64")}`;

/**
 * The archive role's services on a real app with a real HTTP port, PGlite, and the hub's command service
 * talking over a real MQTT broker (aedes) to a simulated device that answers commands as the test says.
 */
export async function startArchiveRig(
  config: Partial<HubConfig> = {},
  archive: ArchiveServiceOptions = {},
): Promise<ArchiveRig> {
  const broker: AedesBroker = await startAedes();
  const hubClient: MqttClient = await mqtt.connectAsync(broker.url, { clientId: `hub-${uuidv7()}` });
  const logger = createLogger("silent");
  let commands: ReturnType<typeof createCommandService> | undefined;
  const api = await startArchiveApi(config, {
    archive,
    commands: (database) => {
      commands = createCommandService({
        database,
        metrics: createMetrics(),
        logger,
        config: { commandTimeoutMs: 2_000 },
        transport: { publish: async (t, p, o) => void (await hubClient.publishAsync(t, p, o)) },
      });
      return commands;
    },
  });
  hubClient.on("message", (topic, payload) => {
    const decoded = decodeMessage(topic, payload);
    if (decoded.ok && decoded.kind === "commandAck") commands?.handleAck(decoded.address, decoded.message);
  });
  await hubClient.subscribeAsync(topicFilter("commandAck"), { qos: 1 });

  const db = api.database.db;
  const device = await enrolTestDevice(db, "s1", "d1");
  const neighbour = await enrolTestDevice(db, "s1", "d2");
  await enrolTestDevice(db, "s2", "d9");
  const camera = { site: "s1", device: "d1", camera: "cam-1" };
  await db.insert(cameras).values({ siteId: "s1", deviceId: "d1", id: "cam-1", name: "Hall", role: "seats" });
  const setOnline = async (online: boolean) =>
    void (await db
      .update(devices)
      .set({ online })
      .where(and(eq(devices.siteId, "s1"), eq(devices.id, "d1"))));
  await setOnline(true);
  await createUser(db, {
    email: "m1@example.com",
    password: "manager-pass-1",
    role: "site_manager",
    sites: ["s1"],
  });
  await createUser(db, {
    email: "m2@example.com",
    password: "manager-pass-2",
    role: "site_manager",
    sites: ["s2"],
  });

  const agent: MqttClient = await mqtt.connectAsync(broker.url, { clientId: device.username });
  let seq = 0;
  const rig = {} as ArchiveRig;
  agent.on("message", (topic, payload) => {
    const decoded = decodeMessage(topic, payload);
    if (!decoded.ok || decoded.kind === "commandAck") return;
    const message = decoded.message as unknown as Record<string, unknown>;
    const command = { kind: decoded.kind, message };
    rig.received.push(command);
    const name = topic.slice(topic.lastIndexOf("/cmd/") + "/cmd/".length);
    void Promise.resolve(rig.answer(command)).then((answer) => {
      if (!answer) return;
      const ack = { v: 1, id: uuidv7(), seq: ++seq, ts: Date.now(), command: message.id, name, ...answer };
      const payload = encodeMessage("commandAck", ack as CommandAck);
      return agent.publishAsync(topics.commandAck(camera), payload, { qos: 1 });
    });
  });
  await agent.subscribeAsync(deviceCommandFilter(camera), { qos: 1 });

  const server: Server = await listen(api.hub.app, { http: { host: "127.0.0.1", port: 0 } });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(rig, api, {
    base,
    camera,
    device: { ...device, basic: basicOf(device) },
    neighbour: { ...neighbour, basic: basicOf(neighbour) },
    received: [],
    answer: () => ({ status: "accepted" as const }),
    managerToken: await api.hub.login("m1@example.com", "manager-pass-1"),
    outsiderToken: await api.hub.login("m2@example.com", "manager-pass-2"),
    setOnline,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await api.close();
      commands?.stop();
      await agent.endAsync();
      await hubClient.endAsync();
      await broker.stop();
    },
  });
}
