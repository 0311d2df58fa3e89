import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestHub, type TestHub } from "@sitewatch/hub/testing";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAgentConfig, loadCredentials } from "../agent-config/agent-config-file.js";
import { runCli } from "../agent-config/run-cli.test-support.js";
import { hasMedia, media } from "../media.test-support.js";

let hub: TestHub;
let dir: string;
const video = media("vtest.avi");
const hasVideo = hasMedia && existsSync(video);

beforeAll(async () => {
  hub = await startTestHub();
  dir = await mkdtemp(join(tmpdir(), "agent-init-"));
});
afterAll(async () => {
  await hub?.close();
  await rm(dir, { recursive: true, force: true });
});

async function fresh(name: string): Promise<string> {
  const cwd = join(dir, name);
  await import("node:fs/promises").then((fs) => fs.mkdir(cwd));
  return cwd;
}

describe.skipIf(!hasVideo)("edge-agent init", () => {
  it("enrols, probes a video-file camera, stores 0600 credentials and a commented config (flags only)", async () => {
    const cwd = await fresh("flags");
    const token = await hub.newToken();
    const r = await runCli(
      [
        "init",
        "--yes",
        "--hub",
        hub.url,
        "--mqtt-url",
        hub.mqttUrl,
        "--token",
        token,
        "--device",
        "edge-1",
        "--camera",
        `Door=${video},role=gate,interval=500`,
      ],
      { cwd },
    );
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/Enrolling edge-1 with .* … ok/);
    expect(r.stdout).toMatch(/Opening camera door .* ok .*\n {2}768x576 msmpeg4v3 10 fps; snapshot: /);
    const configPath = join(cwd, "sitewatch-agent.json");
    expect(readFileSync(configPath, "utf8")).toContain("// The hub's MQTT broker");
    const config = await loadAgentConfig(configPath);
    expect(config.device).toMatchObject({ site: hub.site, id: "edge-1" });
    expect(config.cameras).toMatchObject([
      { id: "door", name: "Door", url: video, role: "gate", intervalMs: 500 },
    ]);
    const creds = join(cwd, "sitewatch-agent.credentials.json");
    expect(statSync(creds).mode & 0o777).toBe(0o600);
    expect((await loadCredentials(creds)).username).toBe(`${hub.site}.edge-1`);
    const meta = await sharp(join(cwd, "sitewatch-agent.door.png")).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 768, 576]);
  });

  it("refuses a wrong token with one line, exit 1 and nothing written", async () => {
    const cwd = await fresh("wrong-token");
    const r = await runCli(
      ["init", "--yes", "--hub", hub.url, "--token", "enr_wrong", "--camera", `A=${video}`],
      {
        cwd,
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^edge-agent: the hub refused the enrolment: .*UNAUTHENTICATED/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("checks settings before spending the token (usage and range errors)", async () => {
    const cwd = await fresh("bad-settings");
    const token = await hub.newToken();
    const range = await runCli(
      ["init", "-y", "--hub", hub.url, "--token", token, "--camera", `A=${video},interval=50`],
      {
        cwd,
      },
    );
    expect(range.code).toBe(1);
    expect(range.stderr).toMatch(/^edge-agent: settings: cameras\[0\]\.intervalMs: must be ≥ 200\n$/);
    const usage = await runCli(["init", "-y", "--hub", hub.url], { cwd });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--yes needs --token/);
    expect(readdirSync(cwd)).toEqual([]);
    // The token was not spent: it still enrols.
    const ok = await runCli(
      ["init", "-y", "--hub", hub.url, "--token", token, "--device", "edge-2", "--no-probe"],
      {
        cwd,
      },
    );
    expect(ok.code, ok.stderr).toBe(0);
  });

  it("walks an installer through the wizard in a pseudo-terminal", async () => {
    const cwd = await fresh("tty");
    const token = await hub.newToken();
    const r = await runCli(["init", "--config", "agent.json"], {
      cwd,
      dialogue: [
        [/Hub address \[http:\/\/localhost:8080\]: /, hub.url],
        [/Hub MQTT broker \[mqtt:\/\/127\.0\.0\.1:1883\]: /, hub.mqttUrl],
        [/Enrolment token: /, token],
        [/Device id \[[^\]]+\]: /, "edge-tty"],
        [/Camera 1 name \(empty when done\): /, "Front room"],
        [/Front room URL: /, video],
        [/role \(seats, gate, attention\) \[seats\]: /, ""],
        [/interval in ms \[3000\]: /, "50"],
        [/200\.\.60000[\s\S]*interval in ms \[3000\]: /, "1000"],
        [/Camera 2 name \(empty when done\): /, ""],
        [/write .*agent\.json\? \(Y\/n\): /, "y"],
      ],
    });
    expect(r.code, r.stdout).toBe(0);
    const config = await loadAgentConfig(join(cwd, "agent.json"));
    expect(config.device.id).toBe("edge-tty");
    expect(config.cameras).toMatchObject([{ id: "front-room", role: "seats", intervalMs: 1000 }]);
    expect(existsSync(join(cwd, "agent.front-room.png"))).toBe(true);
  });

  it("takes the wizard's answers from piped stdin too", async () => {
    const cwd = await fresh("piped");
    const token = await hub.newToken();
    const answers = [hub.url, hub.mqttUrl, token, "edge-pipe", "", "y"];
    const r = await runCli(["init"], { cwd, input: `${answers.join("\n")}\n` });
    expect(r.code, r.stderr).toBe(0);
    expect((await loadAgentConfig(join(cwd, "sitewatch-agent.json"))).device.id).toBe("edge-pipe");
    // Running it again asks before replacing the config; declining (end of input = default no) keeps it.
    const again = await runCli(["init"], { cwd, input: "n\n" });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^edge-agent: kept the existing .*sitewatch-agent\.json\n$/);
  });
});

describe("edge-agent init with a password in the camera URL", () => {
  it("never prints the password while it opens the camera", async () => {
    const cwd = await fresh("masked");
    const token = await hub.newToken();
    // Nothing listens on port 1: the probe fails fast, and its error is printed too.
    const r = await runCli(
      [
        "init",
        "--yes",
        "--hub",
        hub.url,
        "--token",
        token,
        "--device",
        "edge-masked",
        "--probe-timeout",
        "3",
        "--camera",
        "Gate=rtsp://admin:hunter2@127.0.0.1:1/stream,role=gate",
      ],
      { cwd },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Opening camera gate (rtsp://admin:***@127.0.0.1:1/stream)");
    expect(r.stdout).toMatch(/✗ gate: /);
    expect(r.stdout + r.stderr).not.toContain("hunter2");
    // The config keeps it: the agent needs it (passwordEnv/passwordFile keep it out of the file).
    const config = await loadAgentConfig(join(cwd, "sitewatch-agent.json"));
    expect(config.cameras[0]?.url).toBe("rtsp://admin:hunter2@127.0.0.1:1/stream");
  });
});
