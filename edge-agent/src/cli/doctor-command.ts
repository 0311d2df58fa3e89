import { resolve } from "node:path";
import type { Command } from "commander";
import { defaultConfigPath } from "../agent-config/agent-config-file.js";
import { runDoctor } from "../agent-config/doctor-checks.js";
import { quietFfmpeg } from "../agent-config/probe-camera.js";
import { CliError, positiveInt } from "./cli-error.js";
import { printJson } from "./output.js";

interface DoctorFlags {
  config?: string;
  timeout: number;
  json?: boolean;
}

export function registerDoctor(program: Command): void {
  program
    .command("doctor")
    .description(
      "check the config, credentials, cameras and their roles, model, hub, MQTT login, clock and disk",
    )
    .option("--config <path>", "config file (default $SITEWATCH_AGENT_CONFIG or ./sitewatch-agent.json)")
    .option("--timeout <seconds>", "give up on a camera after this long", positiveInt("--timeout"), 10)
    .option("--json", "print the results as JSON")
    .action(async (flags: DoctorFlags) => {
      quietFfmpeg();
      const configPath = resolve(flags.config ?? defaultConfigPath());
      const results = await runDoctor(configPath, { cameraTimeoutMs: flags.timeout * 1000 });
      if (flags.json) printJson({ config: configPath, ok: results.every((r) => r.ok), checks: results });
      else
        for (const r of results) {
          console.log(`${r.ok ? "✓" : "✗"} ${r.name.padEnd(12)} ${r.detail}`);
          if (r.fix) console.log(`  ${"".padEnd(12)} fix: ${r.fix}`);
        }
      const failed = results.filter((r) => !r.ok);
      if (failed.length)
        throw new CliError(
          `${failed.length} of ${results.length} checks failed: ${failed.map((r) => r.name).join(", ")}`,
        );
    });
}
