import { spawn } from "node:child_process";
import { resolve } from "node:path";
import type { Command } from "commander";
import { createAgent } from "../agent/create-agent.js";
import {
  AgentConfigError,
  credentialsPath,
  dataDirPath,
  defaultConfigPath,
  loadAgentConfig,
  loadCredentials,
  saveAgentConfig,
  serviceManagerEnv,
  threadpoolRestartEnv,
} from "../agent-config/agent-config-file.js";
import { openDelivery } from "../delivery/delivery.js";
import { describeStorageError, ensureDir, storageProblem } from "../delivery/storage-errors.js";
import { modelsFor } from "../roles/role-table.js";
import { loadSharedModels } from "../roles/shared-models.js";
import { CliError, positiveInt } from "./cli-error.js";
import { serviceNotifier } from "./service-notifier.js";

interface RunFlags {
  config?: string;
  healthEvery: number;
  realtimeFiles?: boolean;
}

/** Runs this same command again in a child with `env` (a bigger libuv threadpool) and mirrors it. */
async function rerunWith(env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env,
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on("SIGINT", forward("SIGINT"));
  process.on("SIGTERM", forward("SIGTERM"));
  const code = await new Promise<number>((done) => child.on("exit", (c, sig) => done(c ?? (sig ? 1 : 0))));
  process.exitCode = code;
}

const stamp = (message: string) => console.log(`${new Date().toISOString()} ${message}`);

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("run the agent: analyse every camera and report to the hub until stopped (SIGINT/SIGTERM)")
    .option("--config <path>", "config file (default $SITEWATCH_AGENT_CONFIG or ./sitewatch-agent.json)")
    .option("--health-every <seconds>", "heartbeat interval", positiveInt("--health-every"), 30)
    .option("--realtime-files", "play video files given as cameras at their own speed (demo, tests)")
    .action(async (flags: RunFlags) => {
      const restartEnv = threadpoolRestartEnv();
      if (restartEnv) return rerunWith(restartEnv);
      const configPath = resolve(flags.config ?? defaultConfigPath());
      const config = await loadAgentConfig(configPath).catch((err: unknown) => {
        throw err instanceof AgentConfigError ? new CliError(err.message) : err;
      });
      const credentials = await loadCredentials(credentialsPath(configPath, config)).catch((err: Error) => {
        throw new CliError(`${err.message} (run edge-agent init to enrol this device)`);
      });
      const dataDir = dataDirPath(configPath, config);
      try {
        ensureDir(dataDir, "data dir");
      } catch (err) {
        // Analysis goes on without a disk: the outbox holds events in memory and says so in health.
        if (!storageProblem(err)) throw new CliError(describeStorageError(err));
        stamp(`storage: ${describeStorageError(err)}`);
      }
      // The models the enabled cameras' roles need, loaded before any camera runs and shared by all of
      // them; a config push that adds a role loads its models then (loadModels below).
      const models = await loadSharedModels(modelsFor(config.cameras), config).catch((err: Error) => {
        throw new CliError(err.message);
      });
      const delivery = openDelivery({
        dataDir,
        site: config.device.site,
        device: config.device.id,
        mqtt: { url: config.hub.mqttUrl, username: credentials.username, password: credentials.password },
        log: stamp,
      });
      const agent = createAgent({
        config,
        dataDir,
        ...models,
        delivery,
        credentials,
        saveConfig: (next) => saveAgentConfig(configPath, next),
        log: stamp,
        healthEveryMs: Math.max(1, flags.healthEvery) * 1000,
        realtimeFiles: flags.realtimeFiles,
        loadModels: (names) => loadSharedModels(names, config),
      });
      const systemd = serviceNotifier(serviceManagerEnv(), stamp);
      agent.start();
      systemd.ready(`running ${agent.cameras.size} camera(s) for ${config.device.site}/${config.device.id}`);
      await new Promise<void>((done) => {
        const stop = (signal: string) => {
          stamp(`${signal}: stopping (events not yet delivered stay queued on disk)`);
          systemd.stopping();
          process.off("SIGINT", onInt);
          process.off("SIGTERM", onTerm);
          void agent.stop().finally(done);
        };
        const onInt = () => stop("SIGINT");
        const onTerm = () => stop("SIGTERM");
        process.on("SIGINT", onInt);
        process.on("SIGTERM", onTerm);
      });
      systemd.close();
      stamp("stopped");
    });
}
