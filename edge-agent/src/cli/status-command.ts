import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import {
  AgentConfigError,
  credentialsExposure,
  credentialsPath,
  dataDirPath,
  defaultConfigPath,
  readAgentConfig,
} from "../agent-config/agent-config-file.js";
import { agentStatePath, ago, maskUrl, readAgentState } from "../agent-config/agent-state.js";
import { peekDataDir } from "../agent-config/data-dir-probe.js";
import { CliError } from "./cli-error.js";
import { printJson } from "./output.js";

interface StatusFlags {
  config?: string;
  json?: boolean;
}

// Where `run` takes the camera's password from; status itself never reads it, so it works in any shell.
const passwordSource = (c: { passwordEnv?: string; passwordFile?: string }) =>
  c.passwordEnv
    ? `, password from $${c.passwordEnv}`
    : c.passwordFile
      ? `, password from ${c.passwordFile}`
      : "";

export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("summarise the config and what the agent last reported about itself")
    .option("--config <path>", "config file (default $SITEWATCH_AGENT_CONFIG or ./sitewatch-agent.json)")
    .option("--json", "print JSON")
    .action(async (flags: StatusFlags) => {
      const configPath = resolve(flags.config ?? defaultConfigPath());
      const config = await readAgentConfig(configPath).catch((err: unknown) => {
        throw err instanceof AgentConfigError ? new CliError(err.message) : err;
      });
      const dataDir = dataDirPath(configPath, config);
      const state = await readAgentState(dataDir);
      const disk = await peekDataDir(dataDir).catch((err: Error) => ({
        state: "unknown",
        detail: err.message,
      }));
      const creds = credentialsPath(configPath, config);
      const credsText = existsSync(creds)
        ? (await credentialsExposure(creds))
          ? `${creds} (readable by others: run doctor)`
          : creds
        : `${creds} missing`;
      if (flags.json) {
        const cameras = config.cameras.map((c) => ({ ...c, url: maskUrl(c.url) }));
        return printJson({
          config: configPath,
          ...config,
          cameras,
          credentials: credsText,
          disk: { state: disk.state, detail: disk.detail },
          state: state ?? null,
        });
      }
      const row = (label: string, text: string) => console.log(`${label.padEnd(10)} ${text}`);
      row("config", configPath);
      row("hub", `${config.hub.url} (MQTT ${config.hub.mqttUrl})`);
      row("device", `${config.device.site}/${config.device.id}; credentials ${credsText}`);
      const d = config.detector;
      row("detector", `${d.model}, ${d.threads} threads, score ≥ ${d.scoreThreshold}`);
      row("privacy", config.privacy.blurFaces ? "faces blurred" : "faces NOT blurred");
      row("disk", `${disk.state === "ok" ? "" : `${disk.state.toUpperCase()}: `}${disk.detail}`);
      if (config.cameras.length === 0) row("cameras", "none (add one with `edge-agent init` or the hub)");
      for (const c of config.cameras)
        row(
          "camera",
          `${c.id} "${c.name}" ${c.role}, every ${c.intervalMs} ms, ${c.role === "seats" ? `${c.seats.length} seats, ` : ""}${maskUrl(c.url)}${passwordSource(c)}`,
        );
      if (!state) return row("state", `none at ${agentStatePath(dataDir)} (the agent has not run yet)`);
      if ("error" in state) return row("state", `${agentStatePath(dataDir)} unreadable: ${state.error}`);
      row("state", `updated ${ago(state.updatedAt)}${state.pid ? ` by pid ${state.pid}` : ""}`);
      if (state.mqtt) row("", `MQTT ${state.mqtt.connected ? "connected" : "disconnected"}`);
      if (state.queue) row("", `queue ${state.queue.pending} pending, ${state.queue.dropped} dropped`);
      const storage = state.storage;
      if (storage && storage.state !== "ok")
        row(
          "",
          `storage ${storage.state}${storage.error ? ` (${storage.error})` : ""}: ${storage.heldInMemory} events held in memory, ${storage.droppedEvents} dropped`,
        );
      else if (storage?.droppedEvents)
        row("", `storage ok; ${storage.droppedEvents} events were dropped while the disk refused writes`);
      for (const [id, cam] of Object.entries(state.cameras ?? {}))
        row(
          "",
          `camera ${id}: ${cam.status}${cam.lastFrameAt ? `, last frame ${ago(cam.lastFrameAt)}` : ""}${cam.error ? ` (${cam.error})` : ""}`,
        );
    });
}
