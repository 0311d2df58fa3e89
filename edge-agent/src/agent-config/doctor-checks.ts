import { existsSync } from "node:fs";
import mqtt from "mqtt";
import { loadManifest, modelPath } from "../models/model-cache.js";
import { roleProblem } from "../roles/role-table.js";
import {
  credentialsExposure,
  credentialsPath,
  dataDirPath,
  loadAgentConfig,
  loadCredentials,
} from "./agent-config-file.js";
import type { AgentCamera, AgentConfig, Credentials } from "./agent-config-schema.js";
import { maskUrl } from "./agent-state.js";
import { probeDataDir } from "./data-dir-probe.js";
import { hubHealth } from "./hub-client.js";
import { describeProbe, probeCamera } from "./probe-camera.js";

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
  /** What to do about a failure, in words an installer can follow. */
  fix?: string;
}

export interface DoctorOptions {
  cameraTimeoutMs?: number;
  /** Largest tolerated difference between this device's clock and the hub's. */
  maxClockSkewMs?: number;
  minFreeBytes?: number;
}

const pass = (name: string, detail: string): CheckResult => ({ name, ok: true, detail });
const fail = (name: string, detail: string, fix: string): CheckResult => ({ name, ok: false, detail, fix });
const why = (err: unknown) => (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "";

/**
 * Every check an installer needs before leaving the site, each independent: one failure never hides
 * the others. Only an unreadable config stops early, because every other check depends on it.
 */
export async function runDoctor(configPath: string, opts: DoctorOptions = {}): Promise<CheckResult[]> {
  let config: AgentConfig;
  try {
    config = await loadAgentConfig(configPath);
  } catch (err) {
    return [fail("config", why(err), "fix the setting named above, or run `edge-agent init` again")];
  }
  const results = [pass("config", `${configPath} is valid (${config.cameras.length} cameras)`)];
  const [credentials, credentialsResult] = await checkCredentials(credentialsPath(configPath, config));
  results.push(credentialsResult, checkModel(config.detector.model));
  results.push(...(await checkHub(config.hub.url, opts.maxClockSkewMs ?? 5_000)));
  results.push(await checkMqtt(config.hub.mqttUrl, credentials));
  for (const camera of config.cameras) if (camera.enabled) results.push(...checkRole(camera));
  for (const camera of config.cameras) {
    const name = `camera ${camera.id}`;
    try {
      const probe = await probeCamera(camera.url, opts.cameraTimeoutMs ?? 10_000);
      // The URL may carry a password (inline or resolved from passwordEnv/passwordFile).
      results.push(pass(name, `${describeProbe(probe)} from ${maskUrl(camera.url)}`));
    } catch (err) {
      results.push(
        fail(
          name,
          `${maskUrl(camera.url)}: ${why(err)}`,
          "check the URL, user/password and that the camera is on the network",
        ),
      );
    }
  }
  results.push(await checkDisk(dataDirPath(configPath, config), opts.minFreeBytes ?? 512 * 2 ** 20));
  return results;
}

/** A camera of a role this agent cannot run is kept but never analysed; say so before the installer leaves. */
function checkRole(camera: AgentCamera): CheckResult[] {
  const problem = roleProblem(camera.role);
  if (!problem) return [];
  return [
    fail(
      `role ${camera.id}`,
      `${camera.role}: ${problem}`,
      "update the edge agent, or set this camera's enabled to false until it can run this role",
    ),
  ];
}

async function checkCredentials(path: string): Promise<[Credentials | undefined, CheckResult]> {
  try {
    const credentials = await loadCredentials(path);
    const exposed = await credentialsExposure(path);
    if (exposed)
      return [
        credentials,
        fail(
          "credentials",
          `${path} is readable by others (mode ${(0o600 | exposed).toString(8)})`,
          `chmod 600 ${path}`,
        ),
      ];
    return [credentials, pass("credentials", `${path} (${credentials.username}, mode 600)`)];
  } catch (err) {
    return [undefined, fail("credentials", why(err), "run `edge-agent init` with a new enrolment token")];
  }
}

function checkModel(model: string): CheckResult {
  try {
    if (model === "centernet") {
      const path = modelPath("centernet");
      loadManifest("centernet");
      return pass("model", `centernet at ${path}`);
    }
    if (!existsSync(model)) throw new Error(`${model} is missing`);
    return pass("model", model);
  } catch (err) {
    return fail("model", why(err), "run `npm run build -w @sitewatch/edge-agent`, or fix detector.model");
  }
}

async function checkHub(url: string, maxSkewMs: number): Promise<CheckResult[]> {
  try {
    const before = Date.now();
    const health = await hubHealth(url);
    const local = (before + Date.now()) / 2;
    if (!health.ok) return [fail("hub", `${url}/healthz answered with an error`, "look at the hub's logs")];
    const results = [pass("hub", `${url} answers`)];
    if (health.date === undefined) return results;
    // The Date header has whole seconds, so up to a second of difference is rounding, not skew.
    const skew = local - health.date - 500;
    if (Math.abs(skew) > maxSkewMs + 500)
      results.push(
        fail(
          "clock",
          `this device is ${(skew / 1000).toFixed(0)} s off the hub's clock`,
          "enable NTP: timedatectl set-ntp true",
        ),
      );
    else results.push(pass("clock", "within a few seconds of the hub"));
    return results;
  } catch (err) {
    return [fail("hub", why(err), "check hub.url, the network and the hub's firewall")];
  }
}

async function checkMqtt(url: string, credentials: Credentials | undefined): Promise<CheckResult> {
  if (!credentials) return fail("mqtt", "no credentials to log in with", "fix the credentials check first");
  try {
    const client = await mqtt.connectAsync(url, {
      username: credentials.username,
      password: credentials.password,
      // The hub's broker only admits a device whose client id is its username (or starts with it).
      clientId: `${credentials.username}:doctor`,
      protocolVersion: 4,
      reconnectPeriod: 0,
      connectTimeout: 5_000,
    });
    await client.endAsync();
    return pass("mqtt", `logged in to ${url} as ${credentials.username}`);
  } catch (err) {
    const text = why(err);
    const refused = /not authori[sz]ed|bad user ?name or password/i.test(text);
    return fail(
      "mqtt",
      `${url}: ${text}`,
      refused
        ? "the hub no longer accepts these credentials: enrol again with `edge-agent init`"
        : "check hub.mqttUrl and that port is reachable",
    );
  }
}

async function checkDisk(dataDir: string, minFree: number): Promise<CheckResult> {
  try {
    const report = await probeDataDir(dataDir, minFree);
    return report.ok
      ? pass("disk", report.detail)
      : fail("disk", report.detail, report.fix ?? "make sure dataDir is on a mounted, writable disk");
  } catch (err) {
    return fail(
      "disk",
      `data dir ${dataDir}: ${why(err)}`,
      "make sure dataDir is on a mounted, writable disk",
    );
  }
}
