import "../polyfills.js";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestHub, type TestHub } from "@sitewatch/hub/testing";
import {
  type CameraStatus,
  type ClientToServerEvents,
  onLive,
  type ServerToClientEvents,
} from "@sitewatch/shared-protocol";
import {
  eventually,
  h264TestClip,
  type RtspServer,
  rtspUnavailableReason,
  startRtspServer,
} from "@sitewatch/testkit";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveAgentConfig } from "../agent-config/agent-config-file.js";
import { enrollWithHub } from "../agent-config/hub-client.js";
import { openDelivery } from "../delivery/delivery.js";
import { hasMedia } from "../media.test-support.js";
import { createDetector } from "../vision/detect/create-detector.js";
import { type Agent, createAgent } from "./create-agent.js";

// A real RTSP camera that dies and comes back, watched through the whole chain: the agent's pipeline
// backs off 1 → 2 → 4 s, every attempt reaches a dashboard as camera:status, the hub marks the camera
// and its seat accordingly, and streaming resumes on its own when the camera returns.
const unavailable = hasMedia ? rtspUnavailableReason() : "shared media missing";
const DEVICE = "edge-rtsp";
const SEAT: [number, number][] = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
];
let hub: TestHub;
let camera: RtspServer;
let agent: Agent | undefined;
let dashboard: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;
let dir: string;

beforeAll(async () => {
  if (unavailable) return;
  hub = await startTestHub({ site: "lobby" });
  camera = await startRtspServer({ clip: h264TestClip(), loop: true });
  dir = await mkdtemp(join(tmpdir(), "agent-rtsp-"));
}, 60_000);

afterAll(async () => {
  dashboard?.disconnect();
  await agent?.stop();
  await camera?.stop();
  await hub?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(unavailable !== undefined)("edge-agent with an RTSP camera that goes away", () => {
  it("reports every reconnect attempt with growing delays and streams again when the camera returns", {
    timeout: 150_000,
  }, async () => {
    const enrolled = await enrollWithHub(hub.url, { token: await hub.newToken(), deviceId: DEVICE });
    await hub.api(`/api/v1/sites/lobby/devices/${DEVICE}/cameras`, {
      id: "door",
      name: "Door",
      role: "seats",
    });
    await hub.api("/api/v1/sites/lobby/seats", { id: "1A", device: DEVICE, camera: "door", polygon: SEAT });
    dashboard = io(hub.url, { auth: { token: hub.token }, transports: ["websocket"], reconnection: false });
    const statuses: CameraStatus[] = [];
    onLive(dashboard, "camera:status", (event) => statuses.push(event.data));
    const joined = await dashboard.emitWithAck("site:join", { site: "lobby" });
    expect(joined.ok).toBe(true);

    const config = await saveAgentConfig(join(dir, "agent.json"), {
      hub: { url: hub.url, mqttUrl: hub.mqttUrl },
      device: { site: "lobby", id: DEVICE },
      dataDir: join(dir, "data"),
      cameras: [
        {
          id: "door",
          name: "Door",
          url: camera.url(),
          intervalMs: 1_000,
          seats: [{ seat: "1A", polygon: SEAT }],
          analysis: { entryDebounceMs: 1_000 },
        },
      ],
    });
    agent = createAgent({
      config,
      dataDir: join(dir, "data"),
      detector: await createDetector({ threads: 2 }),
      delivery: openDelivery({
        dataDir: join(dir, "data"),
        site: "lobby",
        device: DEVICE,
        mqtt: { url: hub.mqttUrl, username: enrolled.mqtt.username, password: enrolled.mqtt.password },
      }),
      saveConfig: async () => undefined,
      log: () => {},
    });
    agent.start();

    const cameraState = async () =>
      (await hub.api(`/api/v1/sites/lobby/devices/${DEVICE}/cameras/door`)) as {
        state: string;
        reason: string | null;
      };
    const seatState = async () => {
      const map = (await hub.api("/api/v1/sites/lobby/seat-map")) as {
        seats: { seat: string; state: string }[];
      };
      return map.seats.find((s) => s.seat === "1A")?.state;
    };
    await eventually("the camera streaming at the hub", async () =>
      (await cameraState()).state === "streaming" ? true : undefined,
    );
    await eventually("the seat known at the hub", async () =>
      (await seatState()) !== "unknown" ? true : undefined,
    );

    await camera.stop();
    await eventually("three reconnect attempts on the dashboard", async () =>
      statuses.filter((s) => s.state === "reconnecting").length >= 3 ? true : undefined,
    );
    const delays = statuses.filter((s) => s.state === "reconnecting").map((s) => s.retryInMs ?? 0);
    // 1 → 2 → 4 s, each within the ±10 % jitter that keeps many cameras from retrying in lockstep.
    for (const [i, base] of [1_000, 2_000, 4_000].entries()) {
      expect(delays[i]).toBeGreaterThanOrEqual(base * 0.9);
      expect(delays[i]).toBeLessThanOrEqual(base * 1.1);
    }
    expect(await cameraState()).toMatchObject({ state: "reconnecting" });
    expect(await seatState()).toBe("unknown");

    await camera.restart();
    await eventually("the camera streaming again", async () =>
      (await cameraState()).state === "streaming" ? true : undefined,
    );
    expect(statuses.at(-1)?.state).toBe("streaming");
    await eventually("the seat known again", async () =>
      (await seatState()) !== "unknown" ? true : undefined,
    );
  });
});
