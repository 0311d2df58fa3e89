import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestHub, type TestHub } from "@sitewatch/hub/testing";
import {
  type ClientToServerEvents,
  type MessageOf,
  onLive,
  type ServerToClientEvents,
} from "@sitewatch/shared-protocol";
import {
  eventually,
  type GateClip,
  makeGateClip,
  type RtspServer,
  startRtspServer,
} from "@sitewatch/testkit";
import { io, type Socket } from "socket.io-client";
import { credentialsPath, saveAgentConfig, saveCredentials } from "../src/agent-config/agent-config-file.js";
import { readAgentState } from "../src/agent-config/agent-state.js";
import { enrollWithHub } from "../src/agent-config/hub-client.js";
import { type AgentProcess, spawnAgent } from "./agent-process.js";

/**
 * The gate benchmark's world: a real hub (PGlite, embedded broker), the generated gate clip looping on
 * an RTSP camera, `edge-agent run` as a child process with the demo's gate camera settings, and a Node
 * Socket.IO client in the site's room noting when each gate entry reached a dashboard connection.
 */
export const SITE = "bench-port";
export const DEVICE = "edge-gate-bench";
export const CAMERA = "gate";

export type DashboardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ReceivedEntry {
  entry: MessageOf<"gateEntry">;
  /** When the Node Socket.IO client got it (epoch ms). */
  receivedAt: number;
}

export interface GateRig {
  hub: TestHub;
  clip: GateClip;
  /** When the looping camera started playing the clip (±0.2 s): loop n starts n × duration later. */
  clipStart: number;
  agent: AgentProcess;
  /** When the agent's state file first said the gate camera streams. */
  streamingAt: number;
  entries: ReceivedEntry[];
  /** The pipeline's gateActivity events (device ts), for seeing when the agent saw a passage come and go. */
  activity: { event: string; ts: number }[];
  /** A dashboard connection of the admin (joined to the site), for live watching. */
  connect(): Promise<DashboardSocket>;
  close(): Promise<void>;
}

export async function startGateRig(log: (line: string) => void): Promise<GateRig> {
  const dir = await mkdtemp(join(tmpdir(), "gate-pipeline-"));
  const hub = await startTestHub({ site: SITE });
  log("hub up");
  const clip = makeGateClip();
  const camera: RtspServer = await startRtspServer({ clip: clip.path, path: "/gate", loop: true });
  const clipStart = Date.now();
  const enrolled = await enrollWithHub(hub.url, { token: await hub.newToken(), deviceId: DEVICE });
  await hub.api(`/api/v1/sites/${SITE}/devices/${DEVICE}/cameras`, {
    id: CAMERA,
    name: "Gate lane",
    role: "gate",
  });
  // The demo's gate camera (deploy/demo/demo-site.json), with the detector on both cores as on a
  // dedicated gate box.
  const configPath = join(dir, "agent.json");
  const config = await saveAgentConfig(configPath, {
    hub: { url: hub.url, mqttUrl: hub.mqttUrl },
    device: { site: SITE, id: DEVICE },
    dataDir: join(dir, "data"),
    detector: { threads: 2 },
    cameras: [
      {
        id: CAMERA,
        name: "Gate lane",
        url: camera.url("/gate"),
        role: "gate",
        intervalMs: 1_000,
        vehicleClasses: ["truck", "bus", "train", "suitcase"],
        scoreThreshold: 0.1,
      },
    ],
  });
  await saveCredentials(credentialsPath(configPath, config), {
    username: enrolled.mqtt.username,
    password: enrolled.mqtt.password,
  });
  const agent = spawnAgent(configPath, ["--health-every", "1"]);
  log(`agent pid ${agent.pid} loading its models…`);

  const sockets: DashboardSocket[] = [];
  const connect = async () => {
    const socket: DashboardSocket = io(hub.url, {
      auth: { token: hub.token },
      transports: ["websocket"],
      reconnection: false,
    });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    await socket.timeout(10_000).emitWithAck("site:join", { site: SITE });
    return socket;
  };
  const entries: ReceivedEntry[] = [];
  const listener = await connect();
  onLive(listener, "gate:entry", (e) => entries.push({ entry: e.data, receivedAt: Date.now() }));
  const activity: GateRig["activity"] = [];
  onLive(listener, "gate:activity", (e) => activity.push({ event: e.data.event, ts: e.data.ts }));

  const close = async () => {
    for (const s of sockets) s.disconnect();
    await agent.stop();
    await camera.stop();
    await hub.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await eventually(
      "the agent's gate camera streaming",
      async () => {
        const state = await readAgentState(join(dir, "data"));
        return state && "cameras" in state && state.cameras?.[CAMERA]?.status === "streaming";
      },
      120_000,
      200,
    );
  } catch (err) {
    log(agent.output());
    await close();
    throw err;
  }
  const streamingAt = Date.now();
  log(`camera streaming ${((streamingAt - clipStart) / 1000).toFixed(1)} s after the clip started`);
  return { hub, clip, clipStart, agent, streamingAt, entries, activity, connect, close };
}
