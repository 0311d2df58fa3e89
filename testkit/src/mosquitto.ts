import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { rmSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { track } from "./cleanup.js";
import { findBinary } from "./find-binary.js";
import { getFreePort, LOCALHOST, waitForPort } from "./free-port.js";
import { waitForExitSync } from "./kill-sync.js";
import type { MosquittoBroker } from "./service-types.js";

export interface StartMosquittoOptions {
  /** Default true. Set false together with `passwordFile` to make every client log in. */
  allowAnonymous?: boolean;
  /** A mosquitto_passwd-format file (see `mosquittoPasswordFile`), passed through as `password_file`. */
  passwordFile?: string;
  /** A Mosquitto ACL file, passed through as `acl_file`. */
  aclFile?: string;
  /** Extra raw config lines, appended after the generated ones. */
  extraConfig?: readonly string[];
  /** How long to wait for the broker to accept TCP connections; default 10 s. */
  startTimeoutMs?: number;
  /** Path to the mosquitto binary; default: PATH, then /usr/sbin. */
  binary?: string;
}

const BIND_ATTEMPTS = 3;
/** Mosquitto logs every connection; keep the tail, enough to explain a failure without growing without bound. */
const OUTPUT_LIMIT = 64 * 1024;

/** Starts a real Mosquitto broker on a free 127.0.0.1 port with its own config in a temp dir. */
export async function startMosquitto(options: StartMosquittoOptions = {}): Promise<MosquittoBroker> {
  const binary = options.binary ?? findBinary("mosquitto", ["/usr/sbin", "/usr/local/sbin"]);
  if (binary === undefined) {
    throw new Error(
      "testkit: mosquitto not found on PATH or in /usr/sbin; install it (apt-get install mosquitto)",
    );
  }
  const version = mosquittoVersion(binary);
  const dir = await mkdtemp(join(tmpdir(), "sitewatch-mosquitto-"));
  const configPath = join(dir, "mosquitto.conf");

  for (let attempt = 1; ; attempt++) {
    const port = await getFreePort();
    await writeFile(configPath, mosquittoConfig(port, options));
    const child = spawn(binary, ["-c", configPath], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    let output = "";
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      output = (output + chunk).slice(-OUTPUT_LIMIT);
    });
    let spawnError: Error | undefined;
    child.once("error", (error) => {
      spawnError = error;
    });
    // once() rejects on a spawn error; that error is reported through spawnError instead.
    const closed = once(child, "close").then(
      () => undefined,
      () => undefined,
    );
    const exited = () => spawnError !== undefined || child.exitCode !== null || child.signalCode !== null;
    // Covers the start-up window too: an interrupted test run must not leave the broker behind.
    const untrackStarting = track({
      label: `mosquitto (starting on ${LOCALHOST}:${port})`,
      stop: async () => killSync(child, dir),
      killSync: () => killSync(child, dir),
    });

    const up = await waitForPort(port, { timeoutMs: options.startTimeoutMs ?? 10_000, abandon: exited });
    untrackStarting();
    if (up && !exited()) {
      return running({ child, port, dir, configPath, version, output: () => output });
    }
    child.kill("SIGKILL");
    // 'close' comes after the last stderr chunk, which usually holds the reason it gave up.
    await Promise.race([closed, sleep(1_000)]);
    if (attempt < BIND_ATTEMPTS && /address already in use/i.test(output)) continue;
    await rm(dir, { recursive: true, force: true });
    const why =
      spawnError?.message ?? (exited() ? `exited with ${child.exitCode ?? child.signalCode}` : "timed out");
    throw new Error(
      `testkit: mosquitto did not start on ${LOCALHOST}:${port} (${why}). Its output:\n${output}`,
    );
  }
}

interface Running {
  child: ChildProcess;
  port: number;
  dir: string;
  configPath: string;
  version: string;
  output: () => string;
}

function killSync(child: ChildProcess, dir: string): void {
  child.kill("SIGKILL");
  // Gone for real before we return, so the port is free and nothing writes into the dir we remove.
  if (child.pid !== undefined) waitForExitSync(child.pid, 2_000);
  rmSync(dir, { recursive: true, force: true });
}

function running({ child, port, dir, configPath, version, output }: Running): MosquittoBroker {
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exit = once(child, "exit");
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exit;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
      untrack();
    })();
    return stopping;
  };
  const untrack = track({
    label: `mosquitto (${LOCALHOST}:${port})`,
    stop,
    killSync: () => killSync(child, dir),
  });
  // The registry's exit handler stops it; without unref a test that forgets stop() would hang its worker.
  child.unref();
  (child.stderr as (Readable & { unref?: () => void }) | null)?.unref?.();
  return {
    kind: "mosquitto",
    url: `mqtt://${LOCALHOST}:${port}`,
    port,
    version,
    dir,
    configPath,
    output,
    stop,
  };
}

function mosquittoConfig(port: number, options: StartMosquittoOptions): string {
  const lines = [
    "# Written by @sitewatch/testkit for a throw-away test broker.",
    `listener ${port} ${LOCALHOST}`,
    `allow_anonymous ${options.allowAnonymous ?? true}`,
    "persistence false",
    "log_dest stderr",
    "log_type error",
    "log_type warning",
    "log_type notice",
    "log_type information",
  ];
  // As root, Mosquitto 2 drops to user `mosquitto` before reading password and ACL files, which then could
  // not read files in our root-only temp dirs. Staying root is harmless for a broker bound to 127.0.0.1.
  if (process.getuid?.() === 0) lines.push("user root");
  if (options.passwordFile !== undefined) lines.push(`password_file ${options.passwordFile}`);
  if (options.aclFile !== undefined) lines.push(`acl_file ${options.aclFile}`);
  lines.push(...(options.extraConfig ?? []));
  return `${lines.join("\n")}\n`;
}

/** `mosquitto -h` starts with "mosquitto version 2.0.11"; it exits non-zero, so its output is all we use. */
function mosquittoVersion(binary: string): string {
  const result = spawnSync(binary, ["-h"], { encoding: "utf8", timeout: 5_000 });
  const text = `${result.stdout ?? ""}\n${result.stderr ?? ""}`;
  const match = /mosquitto version (\S+)/i.exec(text);
  if (match?.[1] === undefined) {
    throw new Error(`testkit: could not read the version from '${binary} -h': ${text.trim().slice(0, 500)}`);
  }
  return match[1];
}
