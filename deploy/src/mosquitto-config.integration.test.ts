import { type ChildProcess, execFile, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startTestHub } from "@sitewatch/hub/testing";
import { getFreePort, waitForPort } from "@sitewatch/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { composeBrokerAccounts } from "./compose-broker-accounts.js";
import { REPO_ROOT, readDeploy, yamlDocuments } from "./deploy-files.js";
import { type RawLogin, type RawMqttConnection, rawConnect } from "./raw-mqtt.test-support.js";

/**
 * The Compose broker set-up, without Docker: deploy/mosquitto/mosquitto.conf on a local Mosquitto,
 * its include_dir filled by the built `hub broker-config`, probed with the compose file's own
 * health-check command. Paths inside the container map onto a temp dir. The accounts are the
 * Compose file's own: broker-config's --hub-user list, the health check's and each hub's username.
 */
const run = promisify(execFile);
const HUB = join(REPO_ROOT, "hub/dist/main.js");
const PASSWORD = "broker-password-for-tests";
const accounts = composeBrokerAccounts();
const ACCOUNT = { MQTT_USERNAME: accounts.healthCheck ?? "", MQTT_PASSWORD: PASSWORD };
const mosquitto = ["/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto"].find(
  (path) => spawnSync(path, ["-h"]).error === undefined,
);
if (!mosquitto) console.warn("skipping the Mosquitto config checks: mosquitto is not installed");
const dir = mkdtempSync(join(tmpdir(), "sitewatch-broker-conf-"));
let broker: ChildProcess | undefined;
const connections: RawMqttConnection[] = [];
/** Two devices enrolled through a real hub's REST API, in the database broker-config reads. */
let hubData: { dataDir: string; close(): Promise<void> } | undefined;
const devices: RawLogin[] = [];

afterEach(async () => {
  for (const connection of connections.splice(0)) connection.end();
  if (broker && broker.exitCode === null) {
    const exit = once(broker, "exit");
    broker.kill("SIGTERM");
    await exit;
  }
});
afterAll(async () => {
  await hubData?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  if (!mosquitto) return;
  const hub = await startTestHub({ site: "site-1", persistent: true });
  hubData = hub;
  for (const id of ["edge-a", "edge-b"]) {
    const { mqtt } = (await hub.api("/api/v1/devices/enroll", {
      token: await hub.newToken(),
      deviceId: id,
    })) as {
      mqtt: { username: string; password: string };
    };
    devices.push({ clientId: mqtt.username, username: mqtt.username, password: mqtt.password });
  }
  // broker-config opens the same PGlite files; one process at a time.
  await hub.stop();
});

async function startBroker(
  name: string,
  opts: { dropClientIdSetting?: boolean; include?: string } = {},
): Promise<{ port: number; include: string }> {
  const root = join(dir, name);
  const include = opts.include ?? join(root, "sitewatch");
  mkdirSync(include, { recursive: true });
  mkdirSync(join(root, "data"), { recursive: true });
  const port = await getFreePort();
  let conf = readDeploy("mosquitto/mosquitto.conf")
    .replace(/^include_dir \/mosquitto\/config\/sitewatch$/m, `include_dir ${include}`)
    .replace(/^persistence_location \/mosquitto\/data\/$/m, `persistence_location ${join(root, "data")}/`)
    .replace(/^listener 1883$/m, `listener ${port} 127.0.0.1`);
  // As root, Mosquitto would switch to its own user and then not read our root-owned temp files.
  if (process.getuid?.() === 0) conf += "user root\n";
  // The control case: the broker as configured before the setting existed.
  if (opts.dropClientIdSetting) conf = conf.replace(/^use_username_as_clientid true\n/gm, "");
  writeFileSync(join(root, "mosquitto.conf"), conf);
  return { port, include };
}

/** Starts Mosquitto on the rendered config; its own words if it does not come up. */
async function launch(name: string, port: number): Promise<void> {
  const child = spawn(mosquitto as string, ["-c", join(dir, name, "mosquitto.conf")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  broker = child;
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const up = await waitForPort(port, { timeoutMs: 10_000, abandon: () => child.exitCode !== null });
  if (!up) throw new Error(`mosquitto did not start on ${port}:\n${output}`);
}

/** The compose file's broker health check, run here against `port`. */
function healthCheck(port: number, env: Record<string, string>): number | null {
  const compose = yamlDocuments("compose/docker-compose.yml")[0] as {
    services: { mosquitto: { healthcheck: { test: string[] } } };
  };
  const [kind, command] = compose.services.mosquitto.healthcheck.test;
  expect(kind).toBe("CMD-SHELL");
  const shell = (command ?? "").replaceAll("$$", "$").replace("-p 1883", `-p ${port}`);
  return spawnSync("sh", ["-c", shell], { env: { PATH: process.env.PATH ?? "", ...env }, timeout: 10_000 })
    .status;
}

/** The Compose broker-config command's `hub broker-config` part, run on the test hub's database. */
async function brokerConfig(include: string): Promise<string> {
  const args = accounts.brokerConfigCommand
    .split("&&")[0]
    ?.trim()
    .split(/\s+/)
    .slice(2)
    .map((arg) => (arg === "/mosquitto/config/sitewatch" ? include : arg));
  expect(args?.slice(0, 1)).toEqual(["broker-config"]);
  // The service's own broker variables, `${MQTT_PASSWORD…}` standing for the .env value.
  const brokerVars = Object.entries(accounts.brokerConfigEnv)
    .filter(([key]) => key.startsWith("MQTT_"))
    .map(([key, value]) => [key, value.startsWith("${MQTT_PASSWORD") ? PASSWORD : value]);
  const env = { PATH: process.env.PATH ?? "", HUB_DATA_DIR: hubData?.dataDir, LOG_LEVEL: "silent" };
  const { stdout } = await run(process.execPath, [HUB, ...(args ?? [])], {
    env: { ...env, ...Object.fromEntries(brokerVars) },
  });
  return stdout;
}

async function login(port: number, account: RawLogin): Promise<RawMqttConnection> {
  const connection = await rawConnect(port, account);
  connections.push(connection);
  return connection;
}

describe.skipIf(!mosquitto)("deploy/mosquitto/mosquitto.conf with `hub broker-config`", () => {
  it("lets the health check's account in once broker-config has written its files, and no one else", async () => {
    const { port, include } = await startBroker("configured");
    const stdout = await brokerConfig(include);
    expect(stdout).toContain("sitewatch.conf");
    expect(stdout).toContain("for 2 device(s)");
    await launch("configured", port);
    expect(healthCheck(port, ACCOUNT)).toBe(0);
    expect(healthCheck(port, { ...ACCOUNT, MQTT_PASSWORD: "wrong" })).not.toBe(0);
    expect(healthCheck(port, { MQTT_USERNAME: "", MQTT_PASSWORD: "" })).not.toBe(0);
  });

  it("refuses every client (so the health check fails) before broker-config has run", async () => {
    const { port } = await startBroker("empty");
    await launch("empty", port);
    expect(healthCheck(port, ACCOUNT)).not.toBe(0);
  });
});

describe.skipIf(!mosquitto)(
  "client ids on deploy/mosquitto/mosquitto.conf (use_username_as_clientid)",
  () => {
    // One broker-config run (a few seconds on PGlite) serves the brokers below.
    const shared = join(dir, "shared-accounts");
    beforeAll(() => brokerConfig(shared));

    /** A takes B's client id, as in `mosquitto_sub -u <A> -P … -i <B>`; is B still connected? */
    async function impersonate(port: number): Promise<{ intruder: number; victimAlive: boolean }> {
      const [a, b] = devices;
      if (!a || !b) throw new Error("the two enrolled devices are missing");
      const victim = await login(port, b);
      expect(victim.returnCode).toBe(0);
      const intruder = await login(port, { ...a, clientId: b.clientId });
      // The broker closes a taken-over connection before it answers the new one; a PING after the
      // intruder's CONNACK therefore tells for sure.
      return { intruder: intruder.returnCode, victimAlive: await victim.ping() };
    }

    it("a device using another device's client id does not disconnect it", async () => {
      const { port } = await startBroker("client-id", { include: shared });
      await launch("client-id", port);
      expect(await impersonate(port)).toEqual({ intruder: 0, victimAlive: true });
    });

    it("the health check and a second hub instance do not disconnect a hub", async () => {
      const { port } = await startBroker("hub-accounts", { include: shared });
      await launch("hub-accounts", port);
      const [first, second] = Object.values(accounts.hubs) as [string, string];
      // Even when both instances ask for one client id (a copied HUB_INSTANCE_ID).
      const hub = await login(port, { clientId: "hub-1", username: first, password: PASSWORD });
      expect(hub.returnCode).toBe(0);
      expect(healthCheck(port, ACCOUNT)).toBe(0);
      expect(
        (await login(port, { clientId: "hub-1", username: second, password: PASSWORD })).returnCode,
      ).toBe(0);
      expect(await hub.ping()).toBe(true);
    });

    it("without the setting (the control), the same CONNECT takes the device's session over", async () => {
      const { port } = await startBroker("no-setting", { dropClientIdSetting: true, include: shared });
      await launch("no-setting", port);
      expect(await impersonate(port)).toEqual({ intruder: 0, victimAlive: false });
    });
  },
);
