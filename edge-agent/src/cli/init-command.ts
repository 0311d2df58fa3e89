import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, extname, join, resolve } from "node:path";
import { cameraRoleSchema, cameraRoles } from "@sitewatch/shared-protocol";
import type { Command } from "commander";
import {
  AgentConfigError,
  configRelative,
  defaultConfigPath,
  saveAgentConfig,
  saveCredentials,
  validateAgentConfig,
} from "../agent-config/agent-config-file.js";
import type { AgentConfigInput } from "../agent-config/agent-config-schema.js";
import { maskUrl } from "../agent-config/agent-state.js";
import { assignCameraIds, type CameraInput, parseCameraSpec } from "../agent-config/camera-spec.js";
import { enrollWithHub, guessMqttUrl, HubError } from "../agent-config/hub-client.js";
import { describeProbe, framePng, probeCamera, quietFfmpeg } from "../agent-config/probe-camera.js";
import { step } from "../agent-config/progress.js";
import { Prompter } from "../agent-config/prompter.js";
import { roleProblem } from "../roles/role-table.js";
import { CliError, positiveInt } from "./cli-error.js";

interface InitFlags {
  config?: string;
  hub?: string;
  mqttUrl?: string;
  token?: string;
  site?: string;
  device?: string;
  name?: string;
  camera: string[];
  probe: boolean;
  probeTimeout: number;
  yes?: boolean;
}

/** Everything init needs, from flags or from the wizard. */
interface Answers {
  hub: string;
  mqttUrl: string;
  token: string;
  device: string;
  cameras: CameraInput[];
}

const CREDENTIALS_FILE = "sitewatch-agent.credentials.json";
const collect = (value: string, all: string[]) => [...all, value];
const defaultDevice = () =>
  hostname()
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")
    .slice(0, 64) || "edge-1";

export function registerInit(program: Command): void {
  program
    .command("init")
    .description("enrol this device with the hub, check its cameras and write the agent config")
    .option(
      "--config <path>",
      "config file to write (default $SITEWATCH_AGENT_CONFIG or ./sitewatch-agent.json)",
    )
    .option("--hub <url>", "hub address, e.g. http://hub.local:8080")
    .option("--mqtt-url <url>", "hub MQTT broker (default mqtt://<hub host>:1883)")
    .option("--token <token>", "single-use enrolment token from the hub (admin → site → enrolment tokens)")
    .option("--site <site>", "the site the token should belong to (checked, optional)")
    .option("--device <id>", "this device's id within its site (default: host name)")
    .option("--name <name>", "device name shown on the hub")
    .option(
      "--camera <spec>",
      `name=url[,role=${cameraRoles.join("|")}][,interval=ms][,id=…] (repeatable)`,
      collect,
      [],
    )
    .option("--no-probe", "do not open the cameras now (e.g. not installed yet)")
    .option(
      "--probe-timeout <seconds>",
      "give up on a camera after this long",
      positiveInt("--probe-timeout"),
      15,
    )
    .option("-y, --yes", "ask nothing: use the flags and defaults, overwrite an existing config")
    .action(async (flags: InitFlags, cmd: Command) => {
      quietFfmpeg();
      const configPath = resolve(flags.config ?? defaultConfigPath());
      let cameras: CameraInput[];
      try {
        cameras = flags.camera.map(parseCameraSpec);
      } catch (err) {
        return cmd.error(`error: ${(err as Error).message}`, { exitCode: 2 });
      }
      let answers: Answers;
      if (flags.yes) {
        const missing = [!flags.hub && "--hub", !flags.token && "--token"].filter(Boolean);
        if (missing.length) return cmd.error(`error: --yes needs ${missing.join(" and ")}`, { exitCode: 2 });
        answers = {
          hub: flags.hub ?? "",
          mqttUrl: flags.mqttUrl ?? guessMqttUrl(flags.hub ?? ""),
          token: flags.token ?? "",
          device: flags.device ?? defaultDevice(),
          cameras,
        };
      } else {
        answers = await wizard(flags, cameras, configPath);
      }
      await runInit(configPath, flags, answers);
    });
}

async function wizard(flags: InitFlags, cameras: CameraInput[], configPath: string): Promise<Answers> {
  const ask = new Prompter(process.stdin, process.stdout);
  try {
    console.log("Sitewatch edge agent setup. Press Enter to accept [defaults].");
    if (existsSync(configPath) && !(await ask.confirm(`${configPath} exists. Replace it?`, false)))
      throw new CliError(`kept the existing ${configPath}`);
    const url = (a: string) =>
      /^https?:\/\/\S+$/.test(a) ? undefined : "enter an http:// or https:// address";
    const hub = (flags.hub ?? (await ask.askValid("Hub address", url, "http://localhost:8080"))).replace(
      /\/+$/,
      "",
    );
    const mqttUrl = flags.mqttUrl ?? (await ask.ask("Hub MQTT broker", guessMqttUrl(hub)));
    const token = flags.token ?? (await ask.askValid("Enrolment token", (a) => (a ? undefined : "required")));
    const device = flags.device ?? (await ask.ask("Device id", defaultDevice()));
    const all = [...cameras];
    if (all.length === 0) {
      for (let n = 1; ; n++) {
        const name = await ask.ask(`Camera ${n} name (empty when done)`);
        if (!name) break;
        const camUrl = await ask.askValid(`  ${name} URL`, (a) => (a ? undefined : "required"));
        const role = await ask.askValid(
          `  ${name} role (${cameraRoles.join(", ")})`,
          (a) => (cameraRoleSchema.safeParse(a).success ? undefined : `one of ${cameraRoles.join(", ")}`),
          "seats",
        );
        const interval = await ask.askValid(
          `  ${name} analysis interval in ms`,
          (a) =>
            Number.isInteger(Number(a)) && Number(a) >= 200 && Number(a) <= 60_000 ? undefined : "200..60000",
          "3000",
        );
        all.push({
          id: "",
          name,
          url: camUrl,
          role: cameraRoleSchema.parse(role),
          intervalMs: Number(interval),
        });
      }
    }
    if (!(await ask.confirm(`Enrol ${device} at ${hub} and write ${configPath}?`, true)))
      throw new CliError("cancelled; nothing was written");
    return { hub, mqttUrl, token, device, cameras: all };
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError((err as Error).message);
  } finally {
    ask.close();
  }
}

async function runInit(configPath: string, flags: InitFlags, answers: Answers): Promise<void> {
  const draft: AgentConfigInput = {
    hub: { url: answers.hub, mqttUrl: answers.mqttUrl },
    device: { site: flags.site ?? "pending", id: answers.device, credentialsFile: CREDENTIALS_FILE },
    cameras: assignCameraIds(answers.cameras),
  };
  // Check every setting before the token is spent: a typo must not burn a single-use token.
  guard(() => validateAgentConfig(draft, "settings"));

  const enrollment = await step(`Enrolling ${answers.device} with ${answers.hub}`, () =>
    enrollWithHub(answers.hub, { token: answers.token, deviceId: answers.device, name: flags.name }),
  ).catch((err: Error) => {
    throw err instanceof HubError ? new CliError(err.message) : err;
  });
  if (flags.site && flags.site !== enrollment.site)
    console.log(
      `note: the token belongs to site ${enrollment.site}, not ${flags.site}; using ${enrollment.site}`,
    );
  const config: AgentConfigInput = { ...draft, device: { ...draft.device, site: enrollment.site } };
  // The password is shown only once, so it is stored before anything else can fail.
  const credentials = configRelative(configPath, CREDENTIALS_FILE);
  await saveCredentials(credentials, {
    username: enrollment.mqtt.username,
    password: enrollment.mqtt.password,
  });
  console.log(`  MQTT credentials for ${enrollment.mqtt.username} saved to ${credentials} (mode 0600)`);

  const failed: string[] = [];
  if (flags.probe) {
    for (const camera of config.cameras ?? []) {
      try {
        // The installer may have typed rtsp://user:password@…: the terminal (and its scrollback) never shows it.
        const probe = await step(`Opening camera ${camera.id} (${maskUrl(camera.url)})`, () =>
          probeCamera(camera.url, flags.probeTimeout * 1000),
        );
        const snapshot = snapshotPath(configPath, camera.id);
        await writeFile(snapshot, await framePng(probe.frame));
        console.log(`  ${describeProbe(probe)}; snapshot: ${snapshot}`);
      } catch (err) {
        failed.push(camera.id);
        console.log(`  ✗ ${camera.id}: ${(err as Error).message.split("\n")[0]}`);
      }
    }
  }
  await saveAgentConfig(configPath, config).catch((err: unknown) => {
    throw toCli(err);
  });
  console.log(
    `Config written to ${configPath}. Check everything with: edge-agent doctor --config ${configPath}`,
  );
  for (const camera of config.cameras ?? []) {
    const problem = roleProblem(camera.role ?? "seats");
    if (problem) console.log(`note: camera ${camera.id} is kept but not analysed: ${problem}`);
  }
  if (failed.length)
    throw new CliError(
      `config written, but camera ${failed.join(", ")} could not be opened; fix the URL and run doctor`,
    );
}

/** Where init and snapshot put a camera's picture: next to the config, named after both. */
export function snapshotPath(configPath: string, camera: string): string {
  return join(dirname(configPath), `${basename(configPath, extname(configPath))}.${camera}.png`);
}

const toCli = (err: unknown) => (err instanceof AgentConfigError ? new CliError(err.message) : err);

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw toCli(err);
  }
}
