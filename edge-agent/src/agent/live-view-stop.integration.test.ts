import "../polyfills.js";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestHub, type TestHub } from "@sitewatch/hub/testing";
import { type ClientToServerEvents, onLive, type ServerToClientEvents } from "@sitewatch/shared-protocol";
import { eventually } from "@sitewatch/testkit";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveAgentConfig } from "../agent-config/agent-config-file.js";
import { enrollWithHub } from "../agent-config/hub-client.js";
import { openDelivery } from "../delivery/delivery.js";
import { hasMedia, media } from "../media.test-support.js";
import { createDetector } from "../vision/detect/create-detector.js";
import { type Agent, createAgent } from "./create-agent.js";
import { type HubLiveFrames, untilQuiet, watchHubLiveFrames } from "./hub-live-frames.test-support.js";

// Issue 14: the device streams live frames only while somebody watches, and stops within seconds after
// the last viewer leaves — here by closing its connection without a word, as a closed tab does. Frames
// are counted at the hub (its ingest counter), which sees them whether or not anyone is still watching.
const SITE = "live-stop";
const DEVICE = "edge-live";
const CAMERA = { site: SITE, device: DEVICE, camera: "plaza" };
/** The promise under test: frames stop reaching the hub this soon after the last viewer is gone. */
const STOP_WITHIN_MS = 5_000;
/** How long "stopped" must last: longer than a few frames at the default 2 fps, and than a renewal race. */
const QUIET_MS = 6_000;

type Viewer = Socket<ServerToClientEvents, ClientToServerEvents>;

let hub: TestHub;
let agent: Agent | undefined;
let frames: HubLiveFrames | undefined;
let dir: string;
const viewers: Viewer[] = [];

beforeAll(async () => {
  hub = await startTestHub({ site: SITE });
  dir = await mkdtemp(join(tmpdir(), "live-stop-"));
}, 60_000);

afterAll(async () => {
  for (const v of viewers) v.disconnect();
  await frames?.stop();
  await agent?.stop();
  await hub?.close();
  await rm(dir, { recursive: true, force: true });
});

async function viewer(): Promise<{ socket: Viewer; received: () => number }> {
  const socket: Viewer = io(hub.url, {
    auth: { token: hub.token },
    transports: ["websocket"],
    reconnection: false,
  });
  viewers.push(socket);
  let received = 0;
  onLive(socket, "live:frame", () => {
    received += 1;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const watched = await socket.timeout(10_000).emitWithAck("live:watch", CAMERA);
  if (!watched.ok) throw new Error(watched.error.message);
  return { socket, received: () => received };
}

/** Frames counted at the hub after `since` (growth seen by a later poll). */
const grownSince = (since: number) => (frames?.growths ?? []).filter((g) => g.at > since).length;

describe.skipIf(!hasMedia)("live frames and the last viewer", () => {
  it("stop within seconds after the last viewer's socket closes, and start again for a new viewer", {
    timeout: 120_000,
  }, async () => {
    const enrolled = await enrollWithHub(hub.url, { token: await hub.newToken(), deviceId: DEVICE });
    await hub.api(`/api/v1/sites/${SITE}/devices/${DEVICE}/cameras`, {
      id: "plaza",
      name: "Plaza",
      role: "seats",
    });
    const dataDir = join(dir, "data");
    const config = await saveAgentConfig(join(dir, "agent.json"), {
      hub: { url: hub.url, mqttUrl: hub.mqttUrl },
      device: { site: SITE, id: DEVICE },
      dataDir,
      cameras: [{ id: "plaza", name: "Plaza", url: media("vtest.avi"), intervalMs: 1_000 }],
    });
    agent = createAgent({
      config,
      dataDir,
      detector: await createDetector({ threads: 1 }),
      delivery: openDelivery({
        dataDir,
        site: SITE,
        device: DEVICE,
        mqtt: { url: hub.mqttUrl, username: enrolled.mqtt.username, password: enrolled.mqtt.password },
      }),
      saveConfig: async () => undefined,
      log: () => {},
      realtimeFiles: true,
    });
    agent.start();
    frames = await watchHubLiveFrames(hub.url);
    const counted = frames;
    await eventually("the camera streaming", async () => {
      const d = (await hub.api(`/api/v1/sites/${SITE}/devices/${DEVICE}`)) as {
        health: { cameras: { camera: string; state: string }[] } | null;
      };
      return d.health?.cameras.some((c) => c.state === "streaming");
    });
    await counted.settle();
    expect(counted.count, "live frames before anyone watched").toBe(0);

    // Two viewers; the first one leaving must not stop the stream the second still watches.
    const one = await viewer();
    const two = await viewer();
    await eventually("frames at both viewers", () => one.received() >= 2 && two.received() >= 2, 60_000, 100);
    one.socket.disconnect();
    const oneLeft = Date.now();
    await eventually(
      "frames after the first viewer left",
      () => grownSince(oneLeft + 1_500) >= 2,
      20_000,
      100,
    );

    // The last viewer's socket closes: no unwatch, the hub must notice the closed connection by itself.
    two.socket.disconnect();
    const left = Date.now();
    const { lastAt } = await untilQuiet(counted, left, QUIET_MS, STOP_WITHIN_MS + QUIET_MS + 5_000);
    console.log(`last viewer's socket closed → last live frame at the hub: ${lastAt - left} ms`);
    expect(lastAt - left, "last live frame at the hub after the last viewer left (ms)").toBeLessThanOrEqual(
      STOP_WITHIN_MS,
    );
    const stoppedAt = counted.count;
    await new Promise((r) => setTimeout(r, 2_000));
    await counted.settle();
    expect(counted.count, "live frames while nobody watches").toBe(stoppedAt);

    // A viewer returns: the device streams again.
    const back = Date.now();
    const three = await viewer();
    await eventually("frames for the returning viewer", () => three.received() >= 2, 30_000, 100);
    await counted.settle();
    expect(counted.count).toBeGreaterThanOrEqual(stoppedAt + 2);
    expect(grownSince(back)).toBeGreaterThan(0);
    three.socket.disconnect();
  });
});
