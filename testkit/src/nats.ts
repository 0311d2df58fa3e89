import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { rmSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { Readable } from "node:stream";
import { track } from "./cleanup.js";
import { findBinary } from "./find-binary.js";
import { getFreePort, LOCALHOST, waitForPort } from "./free-port.js";
import { waitForExitSync } from "./kill-sync.js";
import type { TestService } from "./service-types.js";

export interface StartNatsOptions {
  /** Config files to include (absolute paths), e.g. generated accounts; NATS resolves includes relative to the config. */
  include?: readonly string[];
  /** Extra raw config lines (e.g. an `authorization { ... }` block or `include <file>`), appended last. */
  extraConfig?: readonly string[];
  /** How long to wait for both listeners; default 15 s (JetStream recovers its store first). */
  startTimeoutMs?: number;
  /** Path to nats-server; default: PATH, then /usr/sbin. */
  binary?: string;
}

/** A throw-away nats-server with JetStream (file store) and its MQTT listener. */
export interface NatsServer extends TestService {
  readonly kind: "nats";
  /** `nats://127.0.0.1:<port>` for NATS clients. */
  readonly url: string;
  readonly port: number;
  /** `mqtt://127.0.0.1:<port>` for MQTT clients (devices). */
  readonly mqttUrl: string;
  readonly mqttPort: number;
  /** Temp dir holding the config and the JetStream store; kept across restart(), gone after stop(). */
  readonly dir: string;
  readonly configPath: string;
  /** The server's log so far (all runs). */
  output(): string;
  /** Ends the process with `signal` (SIGTERM: clean shutdown; SIGKILL: crash) and keeps it down. */
  kill(signal: "SIGTERM" | "SIGKILL"): Promise<void>;
  /** Starts it again on the same ports and store after kill(). */
  resume(): Promise<void>;
  /** kill(signal), then resume(): a broker restart as an operator (or a crash) would cause it. */
  restart(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
}

const OUTPUT_LIMIT = 64 * 1024;

/** Starts nats-server 2.9+ on free 127.0.0.1 ports, JetStream in a temp dir, MQTT enabled. */
export async function startNats(options: StartNatsOptions = {}): Promise<NatsServer> {
  const binary = options.binary ?? findBinary("nats-server", ["/usr/sbin", "/usr/local/sbin"]);
  if (binary === undefined) {
    throw new Error(
      "testkit: nats-server not found on PATH or in /usr/sbin; install it (apt-get install nats-server)",
    );
  }
  const version = spawnSync(binary, ["--version"], { encoding: "utf8" })
    .stdout.trim()
    .replace(/^nats-server: /, "");
  const dir = await mkdtemp(join(tmpdir(), "sitewatch-nats-"));
  const configPath = join(dir, "nats.conf");
  const port = await getFreePort();
  const mqttPort = await getFreePort();
  await writeFile(configPath, natsConfig(dir, port, mqttPort, options));
  const timeoutMs = options.startTimeoutMs ?? 15_000;
  let output = "";
  let child: ChildProcess | undefined;

  const killSync = () => {
    child?.kill("SIGKILL");
    if (child?.pid !== undefined) waitForExitSync(child.pid, 2_000);
    rmSync(dir, { recursive: true, force: true });
  };
  const untrack = track({
    label: `nats-server (${LOCALHOST}:${port}, mqtt ${mqttPort})`,
    stop: () => stop(),
    killSync,
  });

  const alive = () => child !== undefined && child.exitCode === null && child.signalCode === null;

  async function resume(): Promise<void> {
    if (alive()) return;
    const c = spawn(binary as string, ["-c", configPath], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    child = c;
    c.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      output = (output + chunk).slice(-OUTPUT_LIMIT);
    });
    c.once("error", () => {});
    c.unref();
    (c.stderr as (Readable & { unref?: () => void }) | null)?.unref?.();
    const gone = () => c.exitCode !== null || c.signalCode !== null;
    const up =
      (await waitForPort(port, { timeoutMs, abandon: gone })) &&
      (await waitForPort(mqttPort, { timeoutMs, abandon: gone }));
    if (!up || gone()) {
      c.kill("SIGKILL");
      throw new Error(`testkit: nats-server did not start on ${LOCALHOST}:${port}. Its output:\n${output}`);
    }
  }

  async function kill(signal: "SIGTERM" | "SIGKILL"): Promise<void> {
    const c = child;
    if (!c || !alive()) return;
    const exited = once(c, "exit");
    c.kill(signal);
    const timer = setTimeout(() => c.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }

  let stopping: Promise<void> | undefined;
  function stop(): Promise<void> {
    stopping ??= (async () => {
      await kill("SIGTERM");
      await rm(dir, { recursive: true, force: true });
      untrack();
    })();
    return stopping;
  }

  try {
    await resume();
  } catch (err) {
    killSync();
    untrack();
    throw err;
  }
  return {
    kind: "nats",
    version,
    url: `nats://${LOCALHOST}:${port}`,
    port,
    mqttUrl: `mqtt://${LOCALHOST}:${mqttPort}`,
    mqttPort,
    dir,
    configPath,
    output: () => output,
    kill,
    resume,
    async restart(signal = "SIGTERM") {
      await kill(signal);
      await resume();
    },
    stop,
  };
}

function natsConfig(dir: string, port: number, mqttPort: number, options: StartNatsOptions): string {
  return [
    "# Written by @sitewatch/testkit for a throw-away test server.",
    // The MQTT listener needs a stable server name: its session streams are keyed by it.
    "server_name: sitewatch-test",
    `listen: "${LOCALHOST}:${port}"`,
    // Snapshots are up to 1 MiB of base64 plus an envelope; the default limit is 1 MB.
    "max_payload: 4MB",
    `jetstream { store_dir: "${join(dir, "js")}" }`,
    `mqtt { listen: "${LOCALHOST}:${mqttPort}" }`,
    ...(options.include ?? []).map((file) => `include ${JSON.stringify(relative(dir, file))}`),
    ...(options.extraConfig ?? []),
    "",
  ].join("\n");
}
