import "../polyfills.js";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestHub, type TestHub } from "@sitewatch/hub/testing";
import {
  type ClientToServerEvents,
  type LiveFrame,
  onLive,
  type ServerToClientEvents,
} from "@sitewatch/shared-protocol";
import { eventually } from "@sitewatch/testkit";
import sharp from "sharp";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialsPath, saveAgentConfig, saveCredentials } from "../agent-config/agent-config-file.js";
import { readAgentState } from "../agent-config/agent-state.js";
import { enrollWithHub } from "../agent-config/hub-client.js";
import { cliArgv } from "../agent-config/run-cli.test-support.js";
import { listenNotifySocket, notifyUnavailableReason } from "../cli/notify-socket.test-support.js";
import { openDelivery } from "../delivery/delivery.js";
import { hasMedia, media } from "../media.test-support.js";
import { productVersion } from "../package-version.js";
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
let hub: TestHub;
let agent: Agent | undefined;
let dir: string;

beforeAll(async () => {
  hub = await startTestHub({ site: "plaza" });
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

    const seat = await eventually("seat 1A occupied at the hub", async () => {
      const map = (await hub.api("/api/v1/sites/plaza/seat-map")) as {
        seats: { seat: string; state: string }[];
      };
      return map.seats.find((s) => s.seat === "1A" && s.state === "occupied");
    });
    expect(seat.state).toBe("occupied");
    const device = await eventually(
      "a heartbeat with the camera streaming and the pushed config",
      async () => {
        const d = (await hub.api(`/api/v1/sites/plaza/devices/${DEVICE}`)) as {
          online: boolean;
          agentVersion: string | null;
          configRevision: number;
          health: { cameras: { camera: string; state: string }[]; configRevision?: number } | null;
        };
        const streaming = d.health?.cameras.some((c) => c.camera === "plaza-cam" && c.state === "streaming");
        // The hub pushed the camera and seat set up above when the agent connected.
        return streaming && d.health?.configRevision === d.configRevision ? d : undefined;
      },
    );
    expect(device.online).toBe(true);
    // The heartbeat says which agent runs which config, and the hub keeps the version on the device.
    expect(device.agentVersion).toBe(productVersion());
    expect(device.configRevision).toBeGreaterThan(0);
  });

  it("answers the hub's snapshot command over MQTT, and the hub stores the JPEG", {
    timeout: 60_000,
  }, async () => {
    const out = (await hub.api(`/api/v1/sites/plaza/devices/${DEVICE}/commands`, {
      name: "snapshot",
      body: { camera: "plaza-cam", maxWidth: 320 },
    })) as { status: string; result: { snapshot: string; width: number; facesBlurred: boolean } };
    expect(out).toMatchObject({ status: "completed", result: { width: 320, facesBlurred: true } });
    const file = join(hub.dataDir, "snapshots", "plaza", DEVICE, "plaza-cam", `${out.result.snapshot}.jpg`);
    const meta = await eventually(
      "the stored snapshot",
      async () => sharp(await readFile(file)).metadata(),
      20_000,
    );
    expect(meta).toMatchObject({ format: "jpeg", width: 320 });
  });

  it("streams annotated live frames to a dashboard watching the camera, and stops when it leaves", {
    timeout: 90_000,
  }, async () => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(hub.url, {
      auth: { token: hub.token },
      transports: ["websocket"],
      reconnection: false,
    });
    try {
      const frames: LiveFrame[] = [];
      onLive(socket, "live:frame", (event) => frames.push(event.data));
      const camera = { site: "plaza", device: DEVICE, camera: "plaza-cam" };
      const watched = await socket.emitWithAck("live:watch", camera);
      if (!watched.ok) throw new Error(watched.error.message);
      await eventually("three live frames", async () => (frames.length >= 3 ? frames : undefined), 60_000);
      expect(frames.every((f) => f.session === watched.data.session)).toBe(true);
      // People cross the plaza all the time: most frames carry person boxes inside the picture.
      const withPeople = frames.filter((f) => f.detections.some((d) => d.cls === "person"));
      expect(withPeople.length).toBeGreaterThan(0);
      for (const d of withPeople.flatMap((f) => f.detections))
        expect(d.box[2]).toBeLessThanOrEqual((frames[0]?.width ?? 0) + 1);
      const meta = await sharp(Buffer.from(frames[0]?.jpeg ?? "", "base64")).metadata();
      expect(meta).toMatchObject({ format: "jpeg", width: frames[0]?.width });

      const unwatched = await socket.emitWithAck("live:unwatch", camera);
      expect(unwatched.ok).toBe(true);
      // The last viewer left: the hub sends liveStop and the device confirms it ended the session.
      const stop = await eventually("the device's liveStop answer", async () => {
        const { commands } = (await hub.api(`/api/v1/sites/plaza/devices/${DEVICE}/commands`)) as {
          commands: { name: string; status: string; result: Record<string, unknown> | null }[];
        };
        return commands.find((c) => c.name === "live-stop" && c.status === "completed");
      });
      expect(stop.result).toEqual({ session: watched.data.session, stopped: true });
    } finally {
      socket.disconnect();
    }
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
    // Run as systemd would start a Type=notify unit, when this machine can play systemd's part.
    const notify = notifyUnavailableReason() ? undefined : await listenNotifySocket();
    const child = spawn(
      process.execPath,
      cliArgv(["run", "--config", configPath, "--health-every", "1", "--realtime-files"]),
      { env: { ...process.env, ...(notify ? { NOTIFY_SOCKET: notify.path } : {}) } },
    );
    let out = "";
    let stdout = "";
    child.stdout.on("data", (d) => {
      out += String(d);
      stdout += String(d);
    });
    child.stderr.on("data", (d) => {
      out += String(d);
    });
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    const state = await eventually("agent-state.json with the camera streaming", async () => {
      const s = await readAgentState(join(dir, "run-data"));
      return s && "cameras" in s && s.cameras?.["plaza-cam"]?.status === "streaming" ? s : undefined;
    });
    expect(state).toMatchObject({ mqtt: { connected: true } });
    if (notify) expect(notify.messages).toContain("READY=1\nSTATUS=running 1 camera(s) for plaza/edge-run");
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    if (notify) {
      expect(notify.messages.some((m) => m.includes("STOPPING=1"))).toBe(true);
      notify.close();
    }
    expect(out).toMatch(/SIGTERM: stopping/);
    expect(out).toMatch(/stopped/);
    // Not a terminal: the log is JSON lines (LOG_FORMAT's default), each naming the device.
    const lines = stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({
      level: 30,
      service: "sitewatch-agent",
      site: "plaza",
      device: "edge-run",
    });
    expect(lines.map((l) => l.msg)).toContain("agent running: 1 camera(s)");
    expect(lines.at(-1)).toMatchObject({ msg: "stopped" });
  });
});
