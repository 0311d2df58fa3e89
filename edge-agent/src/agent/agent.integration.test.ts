import "../polyfills.js";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialsPath, saveAgentConfig, saveCredentials } from "../agent-config/agent-config-file.js";
import { type AgentTestHub, startAgentTestHub } from "../agent-config/agent-hub.test-support.js";
import { readAgentState } from "../agent-config/agent-state.js";
import { enrollWithHub } from "../agent-config/hub-client.js";
import { cliArgv } from "../agent-config/run-cli.test-support.js";
import { openDelivery } from "../delivery/delivery.js";
import { hasMedia, media } from "../media.test-support.js";
import { createDetector } from "../vision/detect/create-detector.js";
import { type Agent, createAgent } from "./create-agent.js";

// The whole agent against the real hub: a video file stands in for the camera (people cross a plaza),
// one seat covers the frame, and the hub's REST API must end up showing it occupied, the camera
// streaming and the device's heartbeat — every hop real: node-av, onnxruntime, outbox, MQTT, ingest.
const DEVICE = "edge-e2e";
const POLYGON: [number, number][] = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
];
let hub: AgentTestHub;
let agent: Agent | undefined;
let dir: string;

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

beforeAll(async () => {
  hub = await startAgentTestHub("plaza");
  dir = await mkdtemp(join(tmpdir(), "agent-e2e-"));
}, 60_000);

afterAll(async () => {
  await agent?.stop();
  await hub?.close();
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!hasMedia)("edge-agent run against the hub", () => {
  it("turns a video into seat events the hub stores, with camera status and heartbeats", {
    timeout: 120_000,
  }, async () => {
    const enrolled = await enrollWithHub(hub.url, { token: await hub.newToken(), deviceId: DEVICE });
    await hub.api(`/api/v1/sites/plaza/devices/${DEVICE}/cameras`, {
      id: "plaza-cam",
      name: "Plaza",
      role: "seats",
    });
    await hub.api("/api/v1/sites/plaza/seats", {
      id: "1A",
      device: DEVICE,
      camera: "plaza-cam",
      polygon: POLYGON,
    });
    const config = await saveAgentConfig(join(dir, "agent.json"), {
      hub: { url: hub.url, mqttUrl: hub.mqttUrl },
      device: { site: "plaza", id: DEVICE },
      dataDir: join(dir, "data"),
      cameras: [
        {
          id: "plaza-cam",
          name: "Plaza",
          url: media("vtest.avi"),
          intervalMs: 500,
          seats: [{ seat: "1A", polygon: POLYGON }],
          analysis: { entryDebounceMs: 1_000 },
        },
      ],
    });
    const delivery = openDelivery({
      dataDir: join(dir, "data"),
      site: "plaza",
      device: DEVICE,
      mqtt: { url: hub.mqttUrl, username: enrolled.mqtt.username, password: enrolled.mqtt.password },
    });
    agent = createAgent({
      config,
      dataDir: join(dir, "data"),
      detector: await createDetector({ threads: 2 }),
      delivery,
      saveConfig: (next) => saveAgentConfig(join(dir, "agent.json"), next),
      log: () => {},
      healthEveryMs: 1_000,
      realtimeFiles: true,
    });
    agent.start();

    const seat = await until("seat 1A occupied at the hub", async () => {
      const map = (await hub.api("/api/v1/sites/plaza/seat-map")) as {
        seats: { seat: string; state: string }[];
      };
      return map.seats.find((s) => s.seat === "1A" && s.state === "occupied");
    });
    expect(seat.state).toBe("occupied");
    const device = await until("a heartbeat with the camera streaming", async () => {
      const d = (await hub.api(`/api/v1/sites/plaza/devices/${DEVICE}`)) as {
        online: boolean;
        health: { cameras: { camera: string; state: string }[] } | null;
      };
      return d.health?.cameras.some((c) => c.camera === "plaza-cam" && c.state === "streaming")
        ? d
        : undefined;
    });
    expect(device.online).toBe(true);
  });

  it("`edge-agent run` runs from its config, reports its state and stops cleanly on SIGTERM", {
    timeout: 120_000,
  }, async () => {
    const configPath = join(dir, "agent.json");
    const enrolled = await enrollWithHub(hub.url, { token: await hub.newToken(), deviceId: "edge-run" });
    const config = await saveAgentConfig(configPath, {
      hub: { url: hub.url, mqttUrl: hub.mqttUrl },
      device: { site: "plaza", id: "edge-run" },
      dataDir: join(dir, "run-data"),
      cameras: [{ id: "plaza-cam", name: "Plaza", url: media("vtest.avi"), intervalMs: 1_000 }],
    });
    await saveCredentials(credentialsPath(configPath, config), {
      username: enrolled.mqtt.username,
      password: enrolled.mqtt.password,
    });
    const child = spawn(
      process.execPath,
      cliArgv(["run", "--config", configPath, "--health-every", "1", "--realtime-files"]),
    );
    let out = "";
    child.stdout.on("data", (d) => {
      out += String(d);
    });
    child.stderr.on("data", (d) => {
      out += String(d);
    });
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    const state = await until("agent-state.json with the camera streaming", async () => {
      const s = await readAgentState(join(dir, "run-data"));
      return s && "cameras" in s && s.cameras?.["plaza-cam"]?.status === "streaming" ? s : undefined;
    });
    expect(state).toMatchObject({ mqtt: { connected: true } });
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out).toMatch(/SIGTERM: stopping/);
    expect(out).toMatch(/stopped/);
  });
});
