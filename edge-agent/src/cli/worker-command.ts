import { hostname } from "node:os";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import {
  AgentConfigError,
  credentialsPath,
  dataDirPath,
  defaultConfigPath,
  loadAgentConfig,
  loadCredentials,
} from "../agent-config/agent-config-file.js";
import { createFaceBlurrer } from "../privacy/index.js";
import type { AnalysisProvider } from "../roles/archive/analysis/analysis-provider.js";
import { BuiltinAnalysisProvider } from "../roles/archive/analysis/builtin-provider.js";
import { VlmAnalysisProvider } from "../roles/archive/analysis/vlm-provider.js";
import { ARCHIVE_DIR } from "../roles/archive/recording/archive-recording.js";
import { AnalysisWorker, type JobOutcome } from "../roles/archive/worker/analysis-worker.js";
import { cameraZones } from "../roles/archive/worker/camera-zones.js";
import { JobClient } from "../roles/archive/worker/job-client.js";
import { segmentLocator } from "../roles/archive/worker/segment-locator.js";
import { closeSharedModels, loadSharedModels } from "../roles/shared-models.js";
import { CliError } from "./cli-error.js";
import { daemonLog, daemonLogSettings } from "./daemon-log.js";

interface WorkerFlags {
  config?: string;
  once?: boolean;
  pollSeconds: number;
}

export function registerWorker(program: Command): void {
  program
    .command("worker")
    .description(
      "analyse this device's recorded segments: claim their analysis jobs from the hub and run them here, " +
        "so video never leaves the device (SIGINT/SIGTERM stops it)",
    )
    .option("--config <path>", "config file (default $SITEWATCH_AGENT_CONFIG or ./sitewatch-agent.json)")
    .option("--once", "claim and run at most one job, then exit (exit code 3 when none was waiting)")
    .option("--poll-seconds <n>", "wait between claims while no job waits", (v) => Number(v), 5)
    .action(async (flags: WorkerFlags) => {
      if (!Number.isFinite(flags.pollSeconds) || flags.pollSeconds <= 0)
        throw new CliError("--poll-seconds must be a positive number");
      const logging = daemonLogSettings(process.env, process.stdout.isTTY === true);
      const configPath = resolve(flags.config ?? defaultConfigPath());
      const config = await loadAgentConfig(configPath).catch((err: unknown) => {
        throw err instanceof AgentConfigError ? new CliError(err.message) : err;
      });
      const credentials = await loadCredentials(credentialsPath(configPath, config)).catch((err: Error) => {
        throw new CliError(`${err.message} (run edge-agent init to enrol this device)`);
      });
      const models = await loadSharedModels(["detector"], config).catch((err: Error) => {
        throw new CliError(`cannot load the detector: ${err.message}`);
      });
      const blurrer = config.privacy.blurFaces ? await createFaceBlurrer({ threads: 1 }) : undefined;
      const providers: AnalysisProvider[] = [];
      if (models.detector)
        providers.push(new BuiltinAnalysisProvider({ detector: models.detector, blurrer }));
      const vlm = config.analysis?.vlm;
      if (vlm)
        providers.push(new VlmAnalysisProvider({ url: vlm.url, model: vlm.model, timeoutMs: vlm.timeoutMs }));
      const self = { site: config.device.site, device: config.device.id };
      const log = daemonLog(logging, self);
      const worker = new AnalysisWorker({
        client: new JobClient({ hubUrl: config.hub.url, ...credentials }),
        providers,
        locate: segmentLocator(join(dataDirPath(configPath, config), ARCHIVE_DIR), self),
        optionsFor: (job) => ({ zones: cameraZones(config.cameras.find((c) => c.id === job.camera)) }),
        workerId: `${credentials.username}@${hostname()}:${process.pid}`,
        idlePollMs: flags.pollSeconds * 1000,
        log,
      });
      log(`analysis worker for ${self.site}/${self.device}: ${providers.map((p) => p.name).join(", ")}`);
      try {
        if (flags.once) {
          const outcome: JobOutcome = await worker.runOnce();
          log(`analysis worker: ${outcome}`);
          if (outcome === "idle") process.exitCode = 3;
          return;
        }
        worker.start();
        await new Promise<void>((done) => {
          const stop = () => void worker.stop().then(done);
          process.once("SIGINT", stop);
          process.once("SIGTERM", stop);
        });
      } finally {
        await blurrer?.close?.();
        await closeSharedModels(models);
      }
    });
}
