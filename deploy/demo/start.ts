import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join, relative } from "node:path";
import { writeAgentConfig } from "./agent-config.js";
import { printBanner } from "./banner.js";
import { elapsed } from "./build-progress.js";
import { describeExit, ManagedChild } from "./child-process.js";
import {
  type DemoCredentials,
  generatePassword,
  readCredentials,
  writeCredentials,
} from "./demo-credentials.js";
import { type DemoEnv, loadDemoEnv, REPO_ROOT } from "./demo-env.js";
import { type DemoSite, demoClipPath, loadDemoSite } from "./demo-site.js";
import { HubApi, waitForReady } from "./hub-api.js";
import { deviceSeenSince, deviceState, provisionDemo } from "./provision.js";
import { startVideoSource, type VideoSource } from "./video-source.js";

// `npm start`: the hub on embedded defaults plus one edge agent watching the demo clip, provisioned
// through the hub's REST API on the first run. Ctrl-C stops the agent, the stream and the hub in turn.
// Run as `node --import tsx`, not the tsx CLI: that CLI relays Ctrl-C to its child and SIGKILLs it unless
// the child answers within 60 ms, so a busy launcher died mid-shutdown and orphaned the hub and agent.

const ADMIN_EMAIL = "admin@sitewatch.local"; // the account a fresh hub would create itself
const HUB_MAIN = join(REPO_ROOT, "hub/dist/main.js");
const AGENT_MAIN = join(REPO_ROOT, "edge-agent/dist/cli/main.js");
const STOP_TIMEOUT_MS = 8_000;

let hub: ManagedChild | undefined;
let agent: ManagedChild | undefined;
let video: VideoSource | undefined;
let stopping = false;

const say = (line: string) => process.stdout.write(`[demo] ${line}\n`);

async function main(): Promise<void> {
  const env = loadDemoEnv();
  const site = loadDemoSite();
  const { paths } = env;
  for (const dir of [paths.hub, paths.agent, paths.logs]) mkdirSync(dir, { recursive: true });
  const hubEnv: NodeJS.ProcessEnv = {
    ...env.inherited,
    HUB_DATA_DIR: paths.hub,
    HUB_HTTP_PORT: String(env.ports.http),
    HUB_MQTT_PORT: String(env.ports.mqtt),
    HUB_MQTT_WS_PORT: String(env.ports.mqttWs),
    // The demo's passwords are printed on the terminal: keep it off the network.
    HUB_HTTP_HOST: "127.0.0.1",
    HUB_MQTT_HOST: "127.0.0.1",
  };
  const credentials =
    readCredentials(paths.credentials) ?? firstRunCredentials(env, hubEnv, site.demoUser.email);

  // Staged lines, so a slow step (the first start's migrations, a clip to render) shows where it is.
  say(
    `hub: starting, with its embedded database and MQTT broker (log: ${shortPath(join(paths.logs, "hub.log"))})`,
  );
  const hubStartedAt = performance.now();
  hub = new ManagedChild("hub", join(paths.logs, "hub.log"), process.execPath, [HUB_MAIN, "start"], {
    cwd: REPO_ROOT,
    env: hubEnv,
  });
  watch(hub);
  const baseUrl = `http://127.0.0.1:${env.ports.http}`;
  await waitForReady(baseUrl, 90_000, () => hub?.running === true);
  say(`hub: ready in ${elapsed(performance.now() - hubStartedAt)}`);

  // Before provisioning: whether the gate clip can be made decides whether the gate camera exists.
  say("cameras: preparing the demo streams…");
  video = await startVideoSource(demoClipPath(site), env.source, say);
  say(
    video.kind === "rtsp"
      ? "cameras: streaming over RTSP"
      : "cameras: the agent will play the clips as files",
  );
  const api = new HubApi(baseUrl);
  if (await api.login(credentials.admin.email, credentials.admin.password)) {
    await provisionDemo(api, site, paths, credentials.demo.password, say, video.gate !== undefined);
  } else if (!(await api.login(credentials.demo.email, credentials.demo.password))) {
    throw new Error(`neither demo login in ${paths.credentials} works any more; run npm run reset`);
  }
  const state = await deviceState(api, site);
  const configFile = writeAgentConfig(paths, site, {
    hubUrl: baseUrl,
    mqttUrl: `mqtt://127.0.0.1:${env.ports.mqtt}`,
    cameraUrl: video.url,
    gateUrl: video.gate?.url,
    revision: state.revision,
    seats: state.seats,
  });
  say(`edge agent: starting (log: ${shortPath(join(paths.logs, "agent.log"))})`);
  const agentStartedAt = Date.now();
  const args = [AGENT_MAIN, "run", "--config", configFile, "--realtime-files", "--health-every", "10"];
  agent = new ManagedChild("edge agent", join(paths.logs, "agent.log"), process.execPath, args, {
    cwd: paths.agent,
    // Set here so `run` need not restart itself to size libuv's pool (one camera needs few threads).
    env: { ...env.inherited, UV_THREADPOOL_SIZE: "8", MALLOC_ARENA_MAX: "2" },
  });
  watch(agent);
  if (video.gate?.startedAt !== undefined)
    say(`gate clip streaming since ${new Date(video.gate.startedAt).toISOString()}`);
  printBanner({
    url: `http://localhost:${env.ports.http}/`,
    demo: credentials.demo,
    adminEmail: credentials.admin.email,
    credentialsFile: shortPath(paths.credentials),
    siteName: site.site.name,
    camera:
      video.kind === "rtsp"
        ? `${site.camera.clip} looped over RTSP (${video.url})`
        : `${site.camera.clip} played in a loop by the agent (${video.note})`,
    dataDir: shortPath(paths.root),
    seats: state.seats.length,
    gate: video.gate ? { camera: gateDescription(video) } : { missing: video.gateMissing ?? "no gate clip" },
  });
  void announceAgent(api, site, agentStartedAt);
}

/** After the banner: the moment the agent has loaded its models and reached the hub, if it does. */
async function announceAgent(api: HubApi, site: DemoSite, since: number): Promise<void> {
  const deadline = since + 120_000;
  while (!stopping && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1_000));
    const seen = await deviceSeenSince(api, site, since).catch(() => false);
    if (seen && !stopping) {
      say(`edge agent: connected to the hub after ${elapsed(Date.now() - since)}`);
      return;
    }
  }
}

function gateDescription(source: VideoSource): string {
  return source.kind === "rtsp"
    ? `generated truck clip looped over RTSP (${source.gate?.url})`
    : `generated truck clip played in a loop by the agent (${source.gate?.url})`;
}

/** The first run has no accounts yet: make the admin with the hub's own CLI and pick a demo password. */
function firstRunCredentials(env: DemoEnv, hubEnv: NodeJS.ProcessEnv, demoEmail: string): DemoCredentials {
  if (existsSync(join(env.paths.hub, "pglite")))
    throw new Error(
      `${env.paths.hub} holds a hub but ${env.paths.credentials} is missing; run npm run reset`,
    );
  say("first run: creating the admin account");
  const result = spawnSync(process.execPath, [HUB_MAIN, "create-admin", "--email", ADMIN_EMAIL], {
    cwd: REPO_ROOT,
    env: { ...hubEnv, LOG_LEVEL: "warn" },
    encoding: "utf8",
    timeout: 120_000,
  });
  // Without --password the hub generates one and prints it once, so it never shows up in `ps`.
  const password = /with password (\S+)/.exec(result.stdout)?.[1];
  if (result.status !== 0 || !password)
    throw new Error(`hub create-admin failed:\n${result.stderr || result.stdout}`);
  const credentials = {
    admin: { email: ADMIN_EMAIL, password },
    demo: { email: demoEmail, password: generatePassword() },
  };
  writeCredentials(env.paths.credentials, credentials);
  return credentials;
}

/** A service that dies on its own ends the demo: half a system would only mislead. */
function watch(child: ManagedChild): void {
  void child.exited.then((exit) => {
    if (stopping) return;
    process.stderr.write(
      `\n[demo] the ${child.name} stopped unexpectedly (${describeExit(exit)}); last lines of ${shortPath(child.logFile)}:\n${child.tail()}\n`,
    );
    void shutdown(1);
  });
}

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say("stopping…");
  // Agent first, so its last events still reach the hub; then the stream; the hub last.
  if (agent) say(`edge agent stopped (${describeExit(await agent.stop(STOP_TIMEOUT_MS))})`);
  await video?.stop().catch(() => undefined);
  if (hub) say(`hub stopped (${describeExit(await hub.stop(STOP_TIMEOUT_MS))})`);
  // npm reports a Ctrl-C as its own SIGINT whatever the script returns, so say how it really ended.
  say(code === 0 ? "stopped cleanly" : `stopped after an error (exit code ${code})`);
  process.exit(code);
}

function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") ? rel : path;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(0));
// Last resort when the launcher itself dies: the services run in their own process groups.
process.on("exit", () => {
  agent?.killNow();
  hub?.killNow();
});

main().catch((error: unknown) => {
  process.stderr.write(`[demo] ${error instanceof Error ? error.message : String(error)}\n`);
  void shutdown(1);
});
