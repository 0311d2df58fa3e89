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
import { productVersion } from "../package-version.js";
import { modelsFor } from "../roles/role-table.js";
import { loadSharedModels } from "../roles/shared-models.js";
import { CliError, positiveInt } from "./cli-error.js";
import { daemonLog, daemonLogSettings } from "./daemon-log.js";
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

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("run the agent: analyse every camera and report to the hub until stopped (SIGINT/SIGTERM)")
    .option("--config <path>", "config file (default $SITEWATCH_AGENT_CONFIG or ./sitewatch-agent.json)")
    .option("--health-every <seconds>", "heartbeat interval", positiveInt("--health-every"), 30)
    .option("--realtime-files", "play video files given as cameras at their own speed (demo, tests)")
    .addHelpText(
      "after",
      [
        "",
        "Log (stdout), from the environment:",
        "  LOG_LEVEL   trace, debug, info (default), warn, error, fatal or silent",
        "  LOG_FORMAT  json (one object per line) or pretty; default pretty on a",
        "              terminal, json otherwise (systemd, Docker, pipes)",
      ].join("\n"),
    )
    .action(async (flags: RunFlags) => {
      // Checked before the restart below, so a mistyped LOG_LEVEL fails at once, in one line.
      const logging = daemonLogSettings(process.env, process.stdout.isTTY === true);
      const restartEnv = threadpoolRestartEnv();
      if (restartEnv) return rerunWith(restartEnv);
      const configPath = resolve(flags.config ?? defaultConfigPath());
      const config = await loadAgentConfig(configPath).catch((err: unknown) => {
        throw err instanceof AgentConfigError ? new CliError(err.message) : err;
      });
      const credentials = await loadCredentials(credentialsPath(configPath, config)).catch((err: Error) => {
        throw new CliError(`${err.message} (run edge-agent init to enrol this device)`);
      });
      const log = daemonLog(logging, { site: config.device.site, device: config.device.id });
      const dataDir = dataDirPath(configPath, config);
      try {
        ensureDir(dataDir, "data dir");
      } catch (err) {
        // Analysis goes on without a disk: the outbox holds events in memory and says so in health.
        if (!storageProblem(err)) throw new CliError(describeStorageError(err));
        log(`storage: ${describeStorageError(err)}`, { level: "warn" });
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
        mqtt: {
          url: config.hub.mqttUrl,
          username: credentials.username,
          password: credentials.password,
          // The retained availability says which agent runs, even before the first heartbeat.
          agentVersion: productVersion(),
        },
        log,
      });
      const agent = createAgent({
        config,
        dataDir,
        ...models,
        delivery,
        credentials,
        saveConfig: (next) => saveAgentConfig(configPath, next),
        log,
        healthEveryMs: Math.max(1, flags.healthEvery) * 1000,
        realtimeFiles: flags.realtimeFiles,
        loadModels: (names) => loadSharedModels(names, config),
      });
      const systemd = serviceNotifier(serviceManagerEnv(), log);
      agent.start();
      systemd.ready(`running ${agent.cameras.size} camera(s) for ${config.device.site}/${config.device.id}`);
      await new Promise<void>((done) => {
        const stop = (signal: string) => {
          log(`${signal}: stopping (events not yet delivered stay queued on disk)`, { signal });
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
      log("stopped");
    });
}
