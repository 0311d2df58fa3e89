import "../polyfills.js";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeMessage, type Health, parseTopic } from "@sitewatch/shared-protocol";
import { type AedesBroker, collectMessages, eventually, startAedes } from "@sitewatch/testkit";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Agent, type AgentDeps, createAgent } from "../agent/create-agent.js";
import { validateAgentConfig } from "../agent-config/agent-config-file.js";
import { readAgentState } from "../agent-config/agent-state.js";
import { openDelivery } from "../delivery/delivery.js";
import { hasMedia, media } from "../media.test-support.js";
import type { Detector } from "../vision/detect/detector.js";
import type { RoleAnalyzer, RoleEvent, RoleFrame, RoleModule } from "./role-module.js";
import { planned, roleTable } from "./role-table.js";

// The recipe of docs/architecture.md ("Adding a role", edge agent part) followed by a test: a role of
// its own, registered with one line in a copy of the role table, runs on a camera of that role on real
// decoded video, shares the agent's detector, and publishes through the agent's delivery to a broker;
// a camera the agent cannot run (its role is not in the table, or a model the role needs is not
// loaded: the gate camera here, without OCR) is reported in the heartbeat, the state file and the log.

type AttentionCamera = (typeof roleTable.attention.camera)["_zod"]["output"];

/** Says "focused" once it has seen a picture with content, from the frame's own pixels. */
class FrameWatch implements RoleAnalyzer<AttentionCamera> {
  frames = 0;
  private focused = false;

  constructor(private readonly detector: Detector) {}

  async analyse(frame: RoleFrame) {
    this.frames += 1;
    const started = performance.now();
    await this.detector.detect(frame);
    const inferenceMs = performance.now() - started;
    let lit = 0;
    for (let i = 0; i < frame.data.length; i += 3) if ((frame.data[i] ?? 0) > 16) lit += 1;
    const share = lit / (frame.width * frame.height);
    if (this.focused || share === 0) return { events: [], inferenceMs };
    this.focused = true;
    return { events: [this.change("absent", "focused", frame.capturedAt, share)], inferenceMs };
  }

  snapshot(): RoleEvent[] {
    return [];
  }

  cameraDown(): RoleEvent[] {
    if (!this.focused) return [];
    this.focused = false;
    return [this.change("focused", "absent", Date.now(), 1)];
  }

  reconfigure(): RoleEvent[] {
    return [];
  }

  state() {
    return { frameWatch: { frames: this.frames } };
  }

  private change(from: "absent" | "focused", to: "absent" | "focused", at: number, confidence: number) {
    const fields = { session: "test-role", from, to, at, durationMs: 0, confidence };
    return { kind: "attentionChange", fields } satisfies RoleEvent;
  }
}

const seen: { width: number; height: number }[] = [];
const detector: Detector = {
  name: "counting",
  labels: [],
  detect: async (frame) => {
    seen.push({ width: frame.width, height: frame.height });
    return [];
  },
  close: async () => {},
};
const watches: FrameWatch[] = [];
const frameWatchRole: RoleModule<typeof roleTable.attention.camera, "detector"> = {
  camera: roleTable.attention.camera,
  models: ["detector"],
  capture: (camera) => ({ intervalMs: camera.intervalMs, maxWidth: camera.maxWidth }),
  create: (_camera, ctx) => {
    const watch = new FrameWatch(ctx.models.detector);
    watches.push(watch);
    return watch;
  },
};

let broker: AedesBroker;
let hub: MqttClient;
let dir: string;
const agents: Agent[] = [];

beforeAll(async () => {
  broker = await startAedes();
  hub = await mqtt.connectAsync(broker.url, { protocolVersion: 4 });
  await hub.subscribeAsync("sitewatch/v1/#", { qos: 1 });
  dir = await mkdtemp(join(tmpdir(), "test-role-"));
});

afterAll(async () => {
  for (const agent of agents) await agent.stop().catch(() => undefined);
  await hub?.endAsync();
  await broker?.stop();
  await rm(dir, { recursive: true, force: true });
});

function startAgent(device: string, extra: Partial<AgentDeps>, log: string[]): Agent {
  const dataDir = join(dir, device);
  const config = validateAgentConfig({
    hub: { url: "http://127.0.0.1:9", mqttUrl: broker.url },
    device: { site: "lab", id: device },
    dataDir,
    cameras: [
      { id: "desk", name: "Desk", url: media("vtest.avi"), role: "attention", intervalMs: 500 },
      { id: "lane", name: "Lane", url: media("vtest.avi"), role: "gate" },
    ],
  });
  const delivery = openDelivery({ dataDir, site: "lab", device, mqtt: { url: broker.url } });
  const agent = createAgent({
    config,
    dataDir,
    delivery,
    detector,
    saveConfig: async () => undefined,
    // The camera a line is about comes as a field (the running agent writes it as JSON).
    log: (line, fields) => log.push(fields?.camera ? `[${fields.camera}] ${line}` : line),
    healthEveryMs: 500,
    realtimeFiles: true,
    ...extra,
  });
  agents.push(agent);
  agent.start();
  return agent;
}

describe.skipIf(!hasMedia)("a role registered in the role table", () => {
  it("runs on a camera of its role on real frames and publishes its events; other roles are reported", {
    timeout: 60_000,
  }, async () => {
    const received = collectMessages(hub);
    const log: string[] = [];
    const agent = startAgent("edge-role", { roles: { ...roleTable, attention: frameWatchRole } }, log);
    expect([...agent.cameras.keys()]).toEqual(["desk"]);

    const change = await eventually("the role's attentionChange from camera desk", async () =>
      received.messages
        .map((m) => ({ topic: parseTopic(m.topic), decoded: decodeMessage(m.topic, m.payload) }))
        .find((m) => m.decoded.ok && m.decoded.kind === "attentionChange"),
    );
    expect(change.topic).toMatchObject({ ok: true, address: { device: "edge-role", camera: "desk" } });
    expect(change.decoded.ok && change.decoded.message).toMatchObject({ from: "absent", to: "focused" });
    // The shared detector got the decoded video itself: vtest.avi is 768×576.
    expect(seen[0]).toEqual({ width: 768, height: 576 });

    const health = await eventually("a heartbeat naming the skipped gate camera", async () =>
      received.messages
        .map((m) => decodeMessage(m.topic, m.payload))
        .flatMap((d) => (d.ok && d.kind === "health" ? [d.message as Health] : []))
        .find((h) => h.cameras.some((c) => c.camera === "desk" && c.inferenceMs > 0) && h.skippedCameras),
    );
    expect(health.skippedCameras).toEqual([
      {
        camera: "lane",
        role: "gate",
        reason: "the gate role needs model ocr, which this agent has not loaded",
      },
    ]);
    expect(log).toContain(
      "[lane] camera not analysed: the gate role needs model ocr, which this agent has not loaded",
    );
    const state = await eventually("the role's section in the state file", async () => {
      const s = await readAgentState(join(dir, "edge-role"));
      return s && "frameWatch" in s ? s : undefined;
    });
    expect(state).toMatchObject({
      frameWatch: { desk: { frames: expect.any(Number) } },
      cameras: { lane: { status: "not analysed" } },
    });
    expect(watches[0]?.frames).toBeGreaterThan(0);
    received.stop();
  });

  it("without the registration the same camera is reported, not run", async () => {
    const log: string[] = [];
    const agent = startAgent("edge-plain", { roles: { ...roleTable, attention: planned("attention") } }, log);
    expect(agent.cameras.size).toBe(0);
    expect([...agent.skipped.values()].map((s) => [s.camera, s.reason])).toEqual([
      ["desk", "this agent cannot run attention cameras yet (it runs: seats, gate)"],
      ["lane", "the gate role needs model ocr, which this agent has not loaded"],
    ]);
    expect(log.filter((line) => line.includes("camera not analysed"))).toHaveLength(2);
    expect(log).toContain("agent running: 0 camera(s), 2 not analysed");
  });

  it("a role whose model the agent has not loaded is reported with the model's name", async () => {
    const agent = startAgent(
      "edge-nomodel",
      { roles: { ...roleTable, attention: frameWatchRole }, detector: undefined },
      [],
    );
    expect(agent.skipped.get("desk")?.reason).toBe(
      "the attention role needs model detector, which this agent has not loaded",
    );
  });
});
