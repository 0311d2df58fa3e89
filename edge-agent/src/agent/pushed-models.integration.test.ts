import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeMessage, encodeMessage, topicFor, uuidv7 } from "@sitewatch/shared-protocol";
import { type AedesBroker, eventually, startAedes } from "@sitewatch/testkit";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { validateAgentConfig } from "../agent-config/agent-config-file.js";
import { openDelivery } from "../delivery/delivery.js";
import { modelsFor } from "../roles/role-table.js";
import type { ModelName, SharedModels } from "../roles/shared-models.js";
import type { Detector } from "../vision/detect/detector.js";
import type { Ocr } from "../vision/ocr/ocr.js";
import { type Agent, createAgent } from "./create-agent.js";

// `edge-agent run` loads the models of the cameras it is configured with; a hub push that brings a
// camera of another role makes the agent load what that role needs (OCR for a first gate camera)
// before the camera starts, instead of reporting it as not analysed until someone restarts the agent.

const address = { site: "port", device: "edge-push" };
const closed: string[] = [];
const detector: Detector = {
  name: "fake",
  labels: [],
  detect: async () => [],
  close: async () => void closed.push("detector"),
};
const ocr = { close: async () => void closed.push("ocr") } as unknown as Ocr;
const seats = { id: "desk", name: "Desk", url: "rtsp://127.0.0.1:9/none", role: "seats" } as const;

let broker: AedesBroker;
let hub: MqttClient;
let dir: string;
const acks: { command: string; status: string; result?: Record<string, unknown> }[] = [];
let online = 0;

beforeAll(async () => {
  broker = await startAedes();
  hub = await mqtt.connectAsync(broker.url, { protocolVersion: 4 });
  await hub.subscribeAsync("sitewatch/v1/#", { qos: 1 });
  hub.on("message", (topic, payload) => {
    const d = decodeMessage(topic, payload);
    if (d.ok && d.kind === "commandAck") acks.push(d.message as (typeof acks)[number]);
    if (d.ok && d.kind === "availability" && (d.message as { state: string }).state === "online") online += 1;
  });
  dir = await mkdtemp(join(tmpdir(), "pushed-models-"));
});

afterAll(async () => {
  await hub?.endAsync();
  await broker?.stop();
  await rm(dir, { recursive: true, force: true });
});

let runs = 0;

/** An agent on its own data dir, once it is online (subscribed to its commands). */
async function start(
  loadModels: (names: readonly ModelName[]) => Promise<Partial<SharedModels>>,
  log: string[],
) {
  const before = online;
  const config = validateAgentConfig({
    hub: { url: "http://127.0.0.1:9", mqttUrl: broker.url },
    device: { site: address.site, id: address.device },
    dataDir: join(dir, `data-${++runs}`),
    cameras: [seats],
  });
  // What run-command loads for this config: the seats camera's detector, no OCR.
  expect(modelsFor(config.cameras)).toEqual(["detector"]);
  const delivery = openDelivery({ dataDir: config.dataDir, ...address, mqtt: { url: broker.url } });
  const agent = createAgent({
    config,
    dataDir: config.dataDir,
    delivery,
    detector,
    saveConfig: async () => undefined,
    log: (line) => log.push(line),
    loadModels,
  });
  agent.start();
  await eventually("the agent online", () => online > before);
  return agent;
}

/** Pushes the seats camera plus a gate camera, and waits for the device's verdict. */
async function pushGate(revision: number) {
  const id = uuidv7();
  const cameras = [
    { camera: "desk", role: "seats", url: seats.url },
    { camera: "lane", role: "gate", url: "rtsp://127.0.0.1:9/lane" },
  ];
  const payload = encodeMessage("configPush", { v: 1, id, ts: Date.now(), revision, cameras } as never);
  await hub.publishAsync(topicFor("configPush", address), payload, { qos: 1 });
  return eventually("the push's final ack", () =>
    acks.find((a) => a.command === id && a.status !== "accepted"),
  );
}

describe("models a config push needs", () => {
  let agent: Agent | undefined;
  afterEach(async () => {
    await agent?.stop();
    agent = undefined;
  });

  it("are loaded when the push brings a camera whose role needs them, once", async () => {
    const loads: (readonly ModelName[])[] = [];
    const log: string[] = [];
    agent = await start(async (names) => {
      loads.push(names);
      return { ocr };
    }, log);
    expect(await pushGate(1)).toMatchObject({ status: "completed", result: { applied: true, cameras: 2 } });
    expect(loads).toEqual([["ocr"]]);
    expect([...agent.cameras.keys()].sort()).toEqual(["desk", "lane"]);
    expect(agent.skipped.size).toBe(0);
    expect(log).toContain("loaded model ocr for the pushed cameras");
    await pushGate(2);
    expect(loads).toHaveLength(1);
    await agent.stop();
    agent = undefined;
    // The agent closes what it loaded for the push as it closes what it was started with.
    expect(closed.sort()).toEqual(["detector", "ocr"]);
  });

  it("that cannot be loaded leave the camera reported as not analysed, the push still applied", async () => {
    const log: string[] = [];
    agent = await start(async () => {
      throw new Error("ppocr-det.onnx: no such file");
    }, log);
    expect(await pushGate(3)).toMatchObject({ status: "completed", result: { applied: true } });
    expect(agent.skipped.get("lane")?.reason).toBe(
      "the gate role needs model ocr, which this agent has not loaded",
    );
    expect(log).toContain("cannot load model ocr: ppocr-det.onnx: no such file");
  });
});
