import { resolve } from "node:path";
import type { Command } from "commander";
import sharp from "sharp";
import { AgentConfigError, defaultConfigPath, loadAgentConfig } from "../agent-config/agent-config-file.js";
import { maskUrl } from "../agent-config/agent-state.js";
import { probeCamera, quietFfmpeg } from "../agent-config/probe-camera.js";
import { CliError, positiveInt } from "./cli-error.js";
import { snapshotPath } from "./init-command.js";

interface SnapshotFlags {
  config?: string;
  out?: string;
  timeout: number;
}

export function registerSnapshot(program: Command): void {
  program
    .command("snapshot")
    .description("grab one picture from a configured camera (for drawing seats or checking the view)")
    .argument("<camera>", "camera id (or name) from the config")
    .option("--config <path>", "config file (default $SITEWATCH_AGENT_CONFIG or ./sitewatch-agent.json)")
    .option("--out <file>", "picture to write; .png, .jpg or .webp (default next to the config)")
    .option("--timeout <seconds>", "give up after this long", positiveInt("--timeout"), 15)
    .action(async (id: string, flags: SnapshotFlags) => {
      quietFfmpeg();
      const configPath = resolve(flags.config ?? defaultConfigPath());
      const config = await loadAgentConfig(configPath).catch((err: unknown) => {
        throw err instanceof AgentConfigError ? new CliError(err.message) : err;
      });
      const camera = config.cameras.find((c) => c.id === id) ?? config.cameras.find((c) => c.name === id);
      if (!camera)
        throw new CliError(
          `no camera "${id}" in ${configPath} (known: ${config.cameras.map((c) => c.id).join(", ") || "none"})`,
        );
      const probe = await probeCamera(camera.url, flags.timeout * 1000).catch((err: Error) => {
        throw new CliError(`camera ${camera.id} (${maskUrl(camera.url)}): ${err.message}`);
      });
      const out = resolve(flags.out ?? snapshotPath(configPath, camera.id));
      const { data, width, height } = probe.frame;
      // sharp picks the format from the extension; an unknown one is the installer's typo, said plainly.
      await sharp(data, { raw: { width, height, channels: 3 } })
        .toFile(out)
        .catch((err: Error) => {
          throw new CliError(`cannot write ${out}: ${err.message}`);
        });
      console.log(`${camera.id}: ${width}x${height} picture written to ${out}`);
    });
}
