import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DIST_DIR } from "./browser.js";

const HUB_BIN = fileURLToPath(new URL("../../hub/bin/sitewatch-hub.js", import.meta.url));

export interface FreshHub {
  url: string;
  mqttUrl: string;
  /** The first admin and the password `hub start` printed once. */
  admin: { email: string; password: string };
  close(): Promise<void>;
}

/**
 * `sitewatch-hub start` on an empty data directory (file-backed PGlite, embedded broker), serving the
 * dashboard's build, as a new operator runs it: no site, one admin whose password is printed once.
 */
export async function startFreshHub(): Promise<FreshHub> {
  const dataDir = mkdtempSync(join(tmpdir(), "fresh-hub-"));
  const child: ChildProcess = spawn(process.execPath, [HUB_BIN, "start"], {
    env: {
      ...process.env,
      HUB_DATA_DIR: dataDir,
      HUB_HTTP_HOST: "127.0.0.1",
      HUB_HTTP_PORT: "0",
      HUB_MQTT_HOST: "127.0.0.1",
      HUB_MQTT_PORT: "0",
      HUB_MQTT_WS_PORT: "0",
      JWT_SECRET: "fresh-hub-secret-0123456789-0123456789",
      LOG_LEVEL: "error",
      DASHBOARD_DIR: DIST_DIR,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const banner = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Ctrl-C to stop/.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.once("exit", (code) => reject(new Error(`hub exited with ${code}:\n${output}`)));
  });
  const http = /REST, Socket\.IO\s+https?:\/\/localhost:(\d+)/.exec(banner);
  const mqtt = /MQTT\s+mqtt:\/\/localhost:(\d+)/.exec(banner);
  const admin = /first admin\s+(\S+) \/ (\S+)/.exec(banner);
  if (!http || !mqtt || !admin) throw new Error(`unexpected hub banner:\n${banner}`);
  return {
    url: `http://127.0.0.1:${http[1]}`,
    mqttUrl: `mqtt://127.0.0.1:${mqtt[1]}`,
    admin: { email: admin[1] as string, password: admin[2] as string },
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
