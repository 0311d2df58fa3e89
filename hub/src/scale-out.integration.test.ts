import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import {
  type ClientToServerEvents,
  onLive,
  type ServerToClientEvents,
  topics,
} from "@sitewatch/shared-protocol";
import {
  getFreePort,
  type MosquittoBroker,
  type RealPostgres,
  startMosquitto,
  startPostgres,
} from "@sitewatch/testkit";
import mqtt, { type MqttClient } from "mqtt";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "./db/client.js";
import { type EnrolledDevice, enrolTestDevice, seatChange, until } from "./ingest/ingest.test-support.js";

/**
 * The deployment shape of deploy/kubernetes and deploy/compose, on this machine: two hub PROCESSES
 * (the built CLI, as the container runs it) on one PostgreSQL and one Mosquitto, HUB_CLUSTER=true.
 * Only the environment differs between the two, exactly as between two replicas.
 */
const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const run = promisify(execFile);
const N = 60;
const SITE = "scale";
const SEAT = "S1";
const ADMIN = { email: "ops@scale.test", password: "scale-out-password" };
const HUB_USER = { MQTT_USERNAME: "sitewatch-hub", MQTT_PASSWORD: "hub-password-for-scale-out" };
// Replicas must share the signing secret, or a token from one is refused by the next.
const JWT_SECRET = "scale-out-test-secret-that-is-long-enough!";

interface HubProcess {
  name: string;
  url: string;
  child: ChildProcess;
  output: () => string;
}

let pg: RealPostgres;
let broker: MosquittoBroker;
let dir: string;
let device: EnrolledDevice;
let publisher: MqttClient | undefined;
let dashboard: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;
const hubs: HubProcess[] = [];

const baseEnv = () => ({
  PATH: process.env.PATH ?? "",
  DATABASE_URL: pg.url,
  JWT_SECRET,
  LOG_LEVEL: "warn",
  HUB_ACCESS_LOG: "false",
  ...HUB_USER,
});

async function hubCli(args: string[]): Promise<string> {
  const env = { ...baseEnv(), HUB_DATA_DIR: join(dir, "cli") };
  const { stdout } = await run(process.execPath, [MAIN, ...args], { env, timeout: 60_000 });
  return stdout;
}

async function startHub(name: string): Promise<HubProcess> {
  const port = await getFreePort();
  const env = {
    ...baseEnv(),
    MQTT_URL: broker.url,
    HUB_CLUSTER: "true",
    HUB_INSTANCE_ID: name,
    HUB_HTTP_HOST: "127.0.0.1",
    HUB_HTTP_PORT: String(port),
    HUB_DATA_DIR: join(dir, name),
  };
  const child = spawn(process.execPath, [MAIN, "start"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-32_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const hub = { name, url: `http://127.0.0.1:${port}`, child, output: () => output };
  hubs.push(hub);
  await until(
    async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited:\n${output}`);
      return (await fetch(`${hub.url}/readyz`).catch(() => undefined))?.ok;
    },
    30_000,
    `${name} /readyz`,
  );
  return hub;
}

async function api<T>(hub: HubProcess, path: string, init: { token?: string; body?: unknown } = {}) {
  const res = await fetch(`${hub.url}${path}`, {
    method: init.body === undefined ? "GET" : "POST",
    headers: {
      "content-type": "application/json",
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) throw new Error(`${hub.name} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The hub's own count of accepted seat changes, from its Prometheus endpoint. */
async function acceptedSeatChanges(hub: HubProcess): Promise<number> {
  const text = await (await fetch(`${hub.url}/metrics`)).text();
  const line = /^sitewatch_ingest_accepted_total\{kind="seatChange"\} (\d+)/m.exec(text);
  return Number(line?.[1] ?? 0);
}

beforeAll(async () => {
  const started = await startPostgres();
  if (started.kind !== "postgres") {
    await started.stop();
    throw new Error("the scale-out test needs a PostgreSQL server (LISTEN/NOTIFY between processes)");
  }
  pg = started;
  dir = await mkdtemp(join(tmpdir(), "sitewatch-scale-"));
  // The operator's steps from deploy/README.md: migrate + admin, enrol, then `hub broker-config`.
  await hubCli(["create-admin", "--email", ADMIN.email, "--password", ADMIN.password]);
  const database = await openDatabase({ kind: "postgres", url: pg.url });
  device = await enrolTestDevice(database.db, SITE, "edge-01");
  await database.close();
  const out = join(dir, "mosquitto");
  expect(await hubCli(["broker-config", "--out", out])).toContain("for 1 device(s)");
  broker = await startMosquitto({
    allowAnonymous: false,
    passwordFile: join(out, "sitewatch.passwd"),
    aclFile: join(out, "sitewatch.acl"),
  });
  // One after the other: the first start creates the Socket.IO attachments table.
  await startHub("hub-a");
  await startHub("hub-b");
}, 120_000);

afterAll(async () => {
  dashboard?.disconnect();
  await publisher?.endAsync(true);
  await Promise.all(
    hubs.map(async ({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exit = once(child, "exit");
      child.kill("SIGTERM");
      const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exit;
      clearTimeout(force);
    }),
  );
  await broker?.stop();
  await pg?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

describe("two hub processes on PostgreSQL + Mosquitto (HUB_CLUSTER=true)", () => {
  it("a dashboard on hub A sees every event, B ingests a share, Postgres stores each once", async () => {
    const [hubA, hubB] = hubs as [HubProcess, HubProcess];
    const session = await api<{ accessToken: string }>(hubA, "/api/v1/auth/login", { body: ADMIN });
    const token = session.accessToken;

    dashboard = io(hubA.url, { auth: { token }, transports: ["websocket"], reconnection: false });
    const hello = new Promise<{ instance: string }>((resolve) => dashboard?.once("server:hello", resolve));
    expect((await hello).instance).toBe("hub-a");
    expect(await dashboard.timeout(5_000).emitWithAck("site:join", { site: SITE })).toMatchObject({
      ok: true,
    });
    const seen = new Set<string>();
    onLive(dashboard, "seat:change", (e) => seen.add(e.data.id));

    publisher = await mqtt.connectAsync(broker.url, {
      username: device.username,
      password: device.password,
      clientId: device.username,
      reconnectPeriod: 0,
    });
    const topic = topics.seatChange({ site: SITE, device: device.device, camera: "cam-1" });
    const start = Date.now() - 10 * 60_000;
    const sent: string[] = [];
    for (let i = 0; i < N; i++) {
      const toOccupied = i % 2 === 0;
      const body = seatChange({
        seq: i + 1,
        seat: SEAT,
        from: toOccupied ? "empty" : "occupied",
        to: toOccupied ? "occupied" : "empty",
        at: start + i * 1_000,
      });
      sent.push((JSON.parse(body) as { id: string }).id);
      await publisher.publishAsync(topic, body, { qos: 1 });
    }

    await until(() => sent.every((id) => seen.has(id)), 20_000, "every event on the dashboard of hub A");

    // The shared subscription split the stream: both processes ingested, none twice.
    const [a, b] = [await acceptedSeatChanges(hubA), await acceptedSeatChanges(hubB)];
    expect(a + b).toBe(N);
    expect(b).toBeGreaterThan(0);
    expect(a).toBeGreaterThan(0);

    // Stored exactly once, read back through the other replica with the token hub A issued.
    const range = `from=${new Date(start - 1_000).toISOString()}&to=${new Date().toISOString()}`;
    const history = await until(
      async () => {
        const h = await api<{ events: Array<{ id: string }> }>(
          hubB,
          `/api/v1/sites/${SITE}/seats/${SEAT}/history?${range}&limit=5000`,
          { token },
        );
        return h.events.length >= N ? h : undefined;
      },
      10_000,
      "the events in the database",
    );
    expect(history?.events.map((e) => e.id).sort()).toEqual([...sent].sort());
    const [count] = await pg.query<{ n: string }>("select count(*) as n from seat_events");
    expect(Number(count?.n)).toBe(N);
  }, 60_000);
});
