import { type ChildProcess, execFile, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { getFreePort, waitForPort } from "@sitewatch/testkit";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT, readDeploy, yamlDocuments } from "./deploy-files.js";

/**
 * The Compose broker set-up, without Docker: deploy/mosquitto/mosquitto.conf on a local Mosquitto,
 * its include_dir filled by the built `hub broker-config`, probed with the compose file's own
 * health-check command. Paths inside the container map onto a temp dir.
 */
const run = promisify(execFile);
const HUB = join(REPO_ROOT, "hub/dist/main.js");
const ACCOUNT = { MQTT_USERNAME: "sitewatch-hub", MQTT_PASSWORD: "broker-password-for-tests" };
const mosquitto = ["/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto"].find(
  (path) => spawnSync(path, ["-h"]).error === undefined,
);
if (!mosquitto) console.warn("skipping the Mosquitto config checks: mosquitto is not installed");
const dir = mkdtempSync(join(tmpdir(), "sitewatch-broker-conf-"));
let broker: ChildProcess | undefined;

afterEach(async () => {
  if (broker && broker.exitCode === null) {
    const exit = once(broker, "exit");
    broker.kill("SIGTERM");
    await exit;
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function startBroker(name: string): Promise<{ port: number; include: string }> {
  const root = join(dir, name);
  const include = join(root, "sitewatch");
  mkdirSync(include, { recursive: true });
  mkdirSync(join(root, "data"));
  const port = await getFreePort();
  let conf = readDeploy("mosquitto/mosquitto.conf")
    .replace(/^include_dir \/mosquitto\/config\/sitewatch$/m, `include_dir ${include}`)
    .replace(/^persistence_location \/mosquitto\/data\/$/m, `persistence_location ${join(root, "data")}/`)
    .replace(/^listener 1883$/m, `listener ${port} 127.0.0.1`);
  // As root, Mosquitto would switch to its own user and then not read our root-owned temp files.
  if (process.getuid?.() === 0) conf += "user root\n";
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

describe.skipIf(!mosquitto)("deploy/mosquitto/mosquitto.conf with `hub broker-config`", () => {
  it("lets the hub account in once broker-config has written its files, and no one else", async () => {
    const { port, include } = await startBroker("configured");
    const env = {
      PATH: process.env.PATH ?? "",
      HUB_DATA_DIR: join(dir, "hub"),
      LOG_LEVEL: "silent",
      ...ACCOUNT,
    };
    const { stdout } = await run(process.execPath, [HUB, "broker-config", "--out", include], { env });
    expect(stdout).toContain("sitewatch.conf");
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
