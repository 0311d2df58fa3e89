import {
  encodeMessage,
  examples,
  type GateEntry,
  iso6346CheckDigit,
  topicFor,
  uuidv7,
} from "@sitewatch/shared-protocol";
import { gateEntryColumns } from "@sitewatch/shared-protocol/gate-columns";
import mqtt, { type MqttClient } from "mqtt";
import { io as connectSocket, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHub, type TestHub } from "../../testing/test-hub.js";

// A gate entry's passage id, from an enrolled device through ingest into gate_logs: the REST gate log,
// the live `gate:entry` and the entries a joining dashboard is sent all carry it, in one shape.
const where = { site: "port", device: "gate-1", camera: "lane-1" };
const truck = uuidv7();
const nextTruck = uuidv7();

let hub: TestHub;
let device: MqttClient;
let seq = 0;
type Live = { site: string; device: string; camera: string; data: GateEntry };

async function openDashboard(): Promise<Socket> {
  const socket = connectSocket(hub.url, { auth: { token: hub.token }, transports: ["websocket"] });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

/** Every `gate:entry` the socket gets, alone or inside a live:batch. */
function liveEntries(socket: Socket): Live[] {
  const seen: Live[] = [];
  socket.on("gate:entry", (e: Live) => seen.push(e));
  socket.on("live:batch", (batch: Array<[string, Live]>) => {
    for (const [name, e] of batch) if (name === "gate:entry") seen.push(e);
  });
  return seen;
}

function entry(serial: string, passage?: string): GateEntry {
  const digit = iso6346CheckDigit(`CSQU${serial}`);
  const container = {
    ownerCode: "CSQ",
    category: "U" as const,
    serial,
    checkDigit: digit,
    checkDigitValid: true,
  };
  const { passage: _example, ...rest } = examples.gateEntry;
  return {
    ...rest,
    v: 1,
    id: uuidv7(),
    seq: ++seq,
    ts: Date.now(),
    at: Date.now(),
    container,
    rawText: `CSQU${serial}${digit}`,
    direction: "in",
    ...(passage ? { passage } : {}),
  } as GateEntry;
}

beforeAll(async () => {
  hub = await startTestHub({ site: where.site });
  const enrolled = (await hub.api("/api/v1/devices/enroll", {
    token: await hub.newToken(),
    deviceId: where.device,
  })) as { mqtt: { username: string; password: string } };
  const { username, password } = enrolled.mqtt;
  device = await mqtt.connectAsync(hub.mqttUrl, {
    username,
    password,
    clientId: username,
    reconnectPeriod: 0,
  });
}, 60_000);

afterAll(async () => {
  await device?.endAsync();
  await hub?.close();
});

describe("the passage of gate entries", () => {
  it("is stored, listed by REST and sent live, shared by the containers of one truck", async () => {
    const dashboard = await openDashboard();
    expect((await dashboard.emitWithAck("site:join", { site: where.site })).ok).toBe(true);
    const live = liveEntries(dashboard);
    // Two containers on one truck, one on the next truck, and an entry of an agent that sends no passage.
    const sent = [
      entry("305438", truck),
      entry("123456", truck),
      entry("654321", nextTruck),
      entry("305438"),
    ];
    for (const e of sent) {
      await device.publishAsync(topicFor("gateEntry", where), encodeMessage("gateEntry", e), { qos: 1 });
    }
    await expect.poll(() => live.length).toBe(sent.length);
    expect(live.map((e) => e.data.passage)).toEqual([truck, truck, nextTruck, undefined]);

    const page = (await hub.api(`/api/v1/sites/${where.site}/gate-logs?limit=10`)) as {
      entries: Record<string, unknown>[];
    };
    const byId = new Map(page.entries.map((e) => [e.id, e]));
    expect(sent.map((e) => byId.get(e.id)?.passage)).toEqual([truck, truck, nextTruck, null]);
    // One shape: the live event made into columns as the dashboard does it is the stored row's.
    for (const e of live) expect(byId.get(e.data.id)).toMatchObject(gateEntryColumns(e.data));
    dashboard.disconnect();

    // A dashboard joining later is sent the stored entries, passage included.
    const late = await openDashboard();
    const initial = liveEntries(late);
    expect((await late.emitWithAck("site:join", { site: where.site })).ok).toBe(true);
    await expect.poll(() => initial.length).toBe(sent.length);
    const passages = new Map(initial.map((e) => [e.data.id, e.data.passage]));
    expect(sent.map((e) => passages.get(e.id))).toEqual([truck, truck, nextTruck, undefined]);
    late.disconnect();
  });
});
