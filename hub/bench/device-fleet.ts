import { examples, PROTOCOL_VERSION, topicFor, uuidv7 } from "@sitewatch/shared-protocol";
import mqtt, { type MqttClient } from "mqtt";
import type { DeviceCreds } from "./bench-protocol.js";

/** One simulated edge device: its MQTT connection and the protocol state its events must follow. */
export interface SimDevice {
  device: string;
  client: MqttClient;
  seatTopic: string;
  attentionTopic: string;
  healthTopic: string;
  seatStates: Array<"empty" | "occupied">;
  nextSeat: number;
  focused: boolean;
}

export interface Built {
  id: string;
  seq: number;
  payload: string;
}

const SEATS_PER_DEVICE = 4;
// Per-device sequence numbers survive a device reconnecting over another transport (the seed phase).
const sequences = new Map<string, number>();
const nextSeq = (device: string) => {
  const seq = (sequences.get(device) ?? 0) + 1;
  sequences.set(device, seq);
  return seq;
};

export interface ConnectOptions {
  url: string;
  site: string;
  camera: string;
  /** With credentials, each device logs in as itself; without, anonymous clients named `raw-<i>`. */
  creds?: DeviceCreds[];
  count?: number;
  clientIdSuffix?: string;
  keepaliveS?: number;
  concurrency: number;
  connectTimeoutMs?: number;
}

/** Connects devices a few at a time (the hub verifies each password with scrypt on first connect). */
export async function connectDevices(
  opts: ConnectOptions,
): Promise<{ devices: SimDevice[]; failed: number }> {
  const specs = opts.creds ?? Array.from({ length: opts.count ?? 0 }, (_, i) => ({ device: `raw-${i}` }));
  const devices: SimDevice[] = [];
  let failed = 0;
  let cursor = 0;
  const worker = async () => {
    while (cursor < specs.length) {
      const spec = specs[cursor++] as { device: string; username?: string; password?: string };
      const clientId = `${spec.username ?? spec.device}${opts.clientIdSuffix ?? ""}`;
      try {
        const client = await mqtt.connectAsync(opts.url, {
          clientId,
          username: spec.username,
          password: spec.password,
          reconnectPeriod: 0,
          keepalive: opts.keepaliveS ?? 30,
          connectTimeout: opts.connectTimeoutMs ?? 60_000,
        });
        devices.push(simDevice(client, opts.site, spec.device, opts.camera));
      } catch {
        failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return { devices, failed };
}

function simDevice(client: MqttClient, site: string, device: string, camera: string): SimDevice {
  return {
    device,
    client,
    seatTopic: topicFor("seatChange", { site, device, camera }),
    attentionTopic: topicFor("attentionChange", { site, device, camera }),
    healthTopic: topicFor("health", { site, device }),
    seatStates: Array.from({ length: SEATS_PER_DEVICE }, () => "empty" as const),
    nextSeat: 0,
    focused: true,
  };
}

// Built with JSON.stringify rather than encodeMessage, whose schema check would cost the load process
// as much CPU as the hub spends validating; the hub still validates every message (rejects are counted
// and would show as missing rows), and ingest.bench.ts checks one sample of each kind with decodeMessage.

/** A valid seatChange: the device's seats take turns, each flipping between empty and occupied. */
export function seatChange(d: SimDevice, now = Date.now()): Built {
  const index = d.nextSeat;
  d.nextSeat = (index + 1) % d.seatStates.length;
  const from = d.seatStates[index] ?? "empty";
  const to = from === "empty" ? "occupied" : "empty";
  d.seatStates[index] = to;
  const id = uuidv7(now);
  const seq = nextSeq(d.device);
  const message = {
    v: PROTOCOL_VERSION,
    id,
    seq,
    ts: now,
    seat: `S${index + 1}`,
    from,
    to,
    at: now,
    confidence: 0.9,
    evidence: { persons: to === "occupied" ? 1 : 0, objects: to === "occupied" ? ["laptop"] : [] },
  };
  return { id, seq, payload: JSON.stringify(message) };
}

/** A valid attentionChange alternating focused ↔ distracted in one session per device. */
export function attentionChange(d: SimDevice, now = Date.now()): Built {
  const from = d.focused ? "focused" : "distracted";
  d.focused = !d.focused;
  const id = uuidv7(now);
  const seq = nextSeq(d.device);
  const message = {
    v: PROTOCOL_VERSION,
    id,
    seq,
    ts: now,
    session: `s-${d.device}`,
    from,
    to: d.focused ? "focused" : "distracted",
    at: now,
    durationMs: 33,
    metrics: { ear: 0.27, mar: 0.2, yaw: 1.5, pitch: -3.2, roll: 0.4 },
    confidence: 0.88,
  };
  return { id, seq, payload: JSON.stringify(message) };
}

/** A heartbeat: the protocol's sample health report under this device's envelope. */
export function health(d: SimDevice, now = Date.now()): Built {
  const id = uuidv7(now);
  const seq = nextSeq(d.device);
  return { id, seq, payload: JSON.stringify({ ...examples.health, v: PROTOCOL_VERSION, id, seq, ts: now }) };
}

export async function closeDevices(devices: SimDevice[]): Promise<void> {
  await Promise.all(devices.map((d) => d.client.endAsync(true).catch(() => {})));
}
