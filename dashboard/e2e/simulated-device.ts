import type { TestHub } from "@sitewatch/hub/testing";
import {
  type DeviceToHubKind,
  decodeMessage,
  deviceCommandFilter,
  encodeMessage,
  examples,
  type MessageInput,
  messages,
  PROTOCOL_VERSION,
  type SeatState,
  topics,
  uuidv7,
} from "@sitewatch/shared-protocol";
import mqtt from "mqtt";

export interface SimCamera {
  id: string;
  name?: string;
  seats: { id: string; polygon: [number, number][] }[];
}

export interface SimDeviceOptions {
  device: string;
  cameras: SimCamera[];
  /** Answer hub commands (config push, snapshot, …) with a completed ack, as an agent does; default true. */
  answerCommands?: boolean;
}

export interface SimDevice {
  readonly device: string;
  /** Publishes one device-to-hub message; v, id, seq and ts are stamped unless given. QoS 1. */
  publish(kind: DeviceToHubKind, camera: string | undefined, fields: Record<string, unknown>): Promise<void>;
  /** A seatChange with realistic evidence; `extra` overrides any field (e.g. `at`, `stayMs`). */
  seatChange(
    camera: string,
    seat: string,
    from: SeatState,
    to: SeatState,
    extra?: Record<string, unknown>,
  ): Promise<void>;
  close(): Promise<void>;
}

/**
 * An edge device without cameras: enrolled through the REST API like `edge-agent init`, its cameras and
 * seats created as an installer would, then connected to the hub's broker with its own credentials.
 * The MQTT client reconnects by itself, so it survives `hub.restart()`.
 */
export async function simulatedDevice(hub: TestHub, opts: SimDeviceOptions): Promise<SimDevice> {
  const enrolment = await postJson(`${hub.url}/api/v1/devices/enroll`, {
    token: await hub.newToken(),
    deviceId: opts.device,
    name: `Simulated ${opts.device}`,
  });
  const { username, password } = (enrolment as { mqtt: { username: string; password: string } }).mqtt;
  // Configured before the device connects: the hub then stores the config instead of waiting for a push ack.
  for (const cam of opts.cameras) {
    await hub.api(`/api/v1/sites/${hub.site}/devices/${opts.device}/cameras`, {
      id: cam.id,
      name: cam.name ?? cam.id,
      role: "seats",
    });
    for (const seat of cam.seats) {
      await hub.api(`/api/v1/sites/${hub.site}/seats`, {
        id: seat.id,
        device: opts.device,
        camera: cam.id,
        polygon: seat.polygon,
      });
    }
  }

  const address = { site: hub.site, device: opts.device };
  const availability = (state: "online" | "offline") =>
    encodeMessage("availability", { v: PROTOCOL_VERSION, state, ts: Date.now(), agentVersion: "sim" });
  const client = await mqtt.connectAsync(hub.mqttUrl, {
    clientId: username,
    username,
    password,
    reconnectPeriod: 250,
    connectTimeout: 5_000,
    will: {
      topic: topics.availability(address),
      payload: Buffer.from(availability("offline")),
      qos: 1,
      retain: true,
    },
  });
  // Say "online" again after every reconnect, as the agent does: the hub may have restarted.
  client.on("connect", () => {
    client.publish(topics.availability(address), availability("online"), { qos: 1, retain: true });
  });
  await client.publishAsync(topics.availability(address), availability("online"), { qos: 1, retain: true });

  let seq = 0;
  const publish: SimDevice["publish"] = async (kind, camera, fields) => {
    // availability is a status without id or seq; every other kind is an event.
    const envelope =
      kind === "availability"
        ? { v: PROTOCOL_VERSION, ts: Date.now() }
        : { v: PROTOCOL_VERSION, id: uuidv7(), seq: ++seq, ts: Date.now() };
    const message = { ...envelope, ...fields } as MessageInput<typeof kind>;
    const topic = topics[kind]({ ...address, camera: camera ?? "" } as never);
    const retain = "retained" in messages[kind] && messages[kind].retained === true;
    await client.publishAsync(topic, encodeMessage(kind, message), { qos: 1, retain });
  };

  if (opts.answerCommands !== false) {
    await client.subscribeAsync(deviceCommandFilter(address), { qos: 1 });
    client.on("message", (topic, payload) => {
      const decoded = decodeMessage(topic, payload);
      if (!decoded.ok) return;
      const name = topic.slice(topic.lastIndexOf("/") + 1);
      const command = decoded.message as { id: string; camera?: string; revision?: number };
      void (async () => {
        if (decoded.kind === "snapshotRequest" && command.camera) {
          const { v: _v, id: _id, seq: _seq, ts: _ts, ...picture } = examples.snapshot;
          await publish("snapshot", command.camera, { ...picture, command: command.id });
        }
        const result = command.revision === undefined ? {} : { revision: command.revision };
        await publish("commandAck", undefined, { command: command.id, name, status: "completed", result });
      })().catch(() => undefined);
    });
  }

  return {
    device: opts.device,
    publish,
    seatChange: (camera, seat, from, to, extra = {}) =>
      publish("seatChange", camera, {
        seat,
        from,
        to,
        at: Date.now(),
        confidence: 0.9,
        evidence: { persons: to === "occupied" ? 1 : 0, objects: to === "held" ? ["laptop"] : [] },
        ...extra,
      }),
    close: async () => {
      await client
        .publishAsync(topics.availability(address), availability("offline"), { qos: 1, retain: true })
        .catch(() => undefined);
      await client.endAsync();
    },
  };
}

async function postJson(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as unknown;
  if (res.status >= 300) throw new Error(`${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
