import { type ChildProcess, spawn } from "node:child_process";
import { createReadStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import {
  type AnalysisJob,
  type CommandAck,
  decodeMessage,
  deviceCommandFilter,
  encodeMessage,
  onLive,
  PROTOCOL_VERSION,
  topicFor,
  uuidv7,
} from "@sitewatch/shared-protocol";
import { h264TestClip, OllamaStandIn, type RealPostgres, startPostgres } from "@sitewatch/testkit";
import mqtt, { type MqttClient } from "mqtt";
import { io as connectSocket, type Socket } from "socket.io-client";
import { createUser } from "../../../auth/users.js";
import { Hub } from "../../../hub.js";
import { createLogger } from "../../../observability/logger.js";
import { testHubConfig } from "../../../testing/test-hub.js";

/**
 * Everything `hub worker` meets in production, for its integration tests: a whole hub on a real
 * PostgreSQL server (ANALYSIS_PROVIDERS=builtin,vlm with vlm at the hub), an admin's API token, a
 * simulated camera device on the hub's MQTT broker that announces segments and uploads a real MP4
 * when the hub asks for one (segmentUpload), a loopback Ollama, and a dashboard watching `archive:job`.
 */
export interface WorkerRig {
  pg: RealPostgres;
  hub: Hub;
  url: string;
  site: string;
  device: string;
  camera: string;
  /** An admin's API token (what HUB_WORKER_TOKEN holds). */
  apiToken: string;
  ollama: OllamaStandIn;
  /** The H.264 MP4 the device holds for every segment. */
  clip: string;
  /** segmentUpload commands the device answered. */
  uploads: string[];
  /** `archive:job` events a dashboard in the site received, in order. */
  seen: AnalysisJob[];
  /** Publishes segmentReady for `segment` as the recorder would. */
  announce(segment: string): Promise<void>;
  close(): Promise<void>;
}

export const MODEL = "qwen2.5vl:3b";

export async function startWorkerRig(): Promise<WorkerRig> {
  const started = await startPostgres();
  if (started.kind !== "postgres") throw new Error("hub worker tests need a real PostgreSQL server");
  const pg = started;
  const dataDir = mkdtempSync(join(tmpdir(), "hub-worker-rig-"));
  const env = { ANALYSIS_PROVIDERS: "builtin,vlm", ANALYSIS_HUB_PROVIDERS: "vlm" };
  const config = { ...testHubConfig(dataDir, env), database: { kind: "postgres" as const, url: pg.url } };
  const hub = new Hub(config, { logger: createLogger("silent"), skipInitialAdmin: true });
  await hub.start();
  const url = `http://127.0.0.1:${hub.ports().http}`;
  const admin = { email: "worker-admin@example.com", password: "correct-horse-battery" };
  await createUser(hub.parts.database.db, { ...admin, role: "admin" });
  const call = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const { accessToken } = (await call("/api/v1/auth/login", admin)) as { accessToken: string };
  const site = "worker-site";
  await call("/api/v1/sites", { id: site, name: "Hub worker site" }, accessToken);
  const { token: apiToken } = (await call("/api/v1/tokens", { name: "hub worker" }, accessToken)) as {
    token: string;
  };
  const { token } = (await call(`/api/v1/sites/${site}/enrollment-tokens`, {}, accessToken)) as {
    token: string;
  };
  const device = "edge-1";
  const camera = "cam-1";
  const enrolled = await call("/api/v1/devices/enroll", { token, deviceId: device });
  const creds = enrolled.mqtt as { username: string; password: string };
  const basic = `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString("base64")}`;
  const clip = h264TestClip();
  const bytes = statSync(clip).size;

  let seq = 0;
  const envelope = () => ({ v: PROTOCOL_VERSION, id: uuidv7(), seq: ++seq, ts: Date.now() });
  const agent: MqttClient = await mqtt.connectAsync(`mqtt://127.0.0.1:${hub.ports().mqtt}`, {
    ...creds,
    clientId: creds.username,
    reconnectPeriod: 0,
  });
  const uploads: string[] = [];
  // The agent's side of segmentUpload: ack with the size at once, then stream the file to the hub.
  agent.on("message", (topic, payload) => {
    const decoded = decodeMessage(topic, payload);
    if (!decoded.ok || decoded.kind !== "segmentUpload") return;
    const m = decoded.message;
    uploads.push(m.segment);
    const ack = { ...envelope(), command: m.id, name: "segment-upload", status: "completed" as const };
    const body = encodeMessage("commandAck", {
      ...ack,
      result: { camera, segment: m.segment, bytes },
    } as CommandAck);
    void agent.publishAsync(topicFor("commandAck", { site, device }), body, { qos: 1 }).then(() =>
      fetch(`${url}/api/v1/segment-uploads/${m.upload}`, {
        method: "PUT",
        headers: { authorization: basic, "content-type": "video/mp4" },
        body: Readable.toWeb(createReadStream(clip)) as ReadableStream,
        duplex: "half",
      } as RequestInit),
    );
  });
  await agent.subscribeAsync(deviceCommandFilter({ site, device }), { qos: 1 });
  const online = encodeMessage("availability", { v: PROTOCOL_VERSION, state: "online", ts: Date.now() });
  await agent.publishAsync(topicFor("availability", { site, device }), online, { qos: 1, retain: true });

  const seen: AnalysisJob[] = [];
  const dashboard: Socket = connectSocket(url, {
    auth: { token: accessToken },
    transports: ["websocket"],
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    dashboard.once("connect", resolve);
    dashboard.once("connect_error", reject);
  });
  if (!(await dashboard.emitWithAck("site:join", { site })).ok) throw new Error("dashboard could not join");
  onLive(dashboard, "archive:job", (event) => seen.push(event.data));
  const ollama = await new OllamaStandIn([MODEL]).start();

  return {
    pg,
    hub,
    url,
    site,
    device,
    camera,
    apiToken,
    ollama,
    clip,
    uploads,
    seen,
    async announce(segment) {
      const message = {
        ...envelope(),
        segment,
        uri: `device://${camera}/${segment}.mp4`,
        startedAt: Date.now() - 80_000,
        durationMs: 79_500,
        bytes,
        container: "mp4" as const,
        codec: "h264",
      };
      const body = encodeMessage("segmentReady", message);
      await agent.publishAsync(topicFor("segmentReady", { site, device, camera }), body, { qos: 1 });
    },
    async close() {
      dashboard.close();
      await agent.endAsync(true);
      await ollama.stop();
      await hub.stop();
      await pg.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const MAIN = fileURLToPath(new URL("../../../main.ts", import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  /** Exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  /** The JSON log lines written so far. */
  logs(): Array<Record<string, unknown>>;
}

/** `hub worker …` as an operator runs it (the CLI's source through tsx), with only the given environment. */
export function spawnHubWorker(args: string[], env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN, "worker", ...args], {
    env: { PATH: process.env.PATH ?? "", HUB_DATA_DIR: tmpdir(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const logs = () =>
    out
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { child, exited, stdout: () => out, stderr: () => err, logs };
}

/** What `hub worker` needs to run against the rig's hub, database and Ollama; undefined drops a variable. */
export function workerEnv(
  rig: WorkerRig,
  more: Record<string, string | undefined> = {},
): Record<string, string> {
  const env: Record<string, string | undefined> = {
    DATABASE_URL: rig.pg.url,
    HUB_URL: rig.url,
    HUB_WORKER_TOKEN: rig.apiToken,
    ANALYSIS_PROVIDERS: "builtin,vlm",
    ANALYSIS_HUB_PROVIDERS: "vlm",
    ANALYSIS_VLM_URL: rig.ollama.url,
    ANALYSIS_VLM_MODEL: MODEL,
    LOG_LEVEL: "info",
    ...more,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
