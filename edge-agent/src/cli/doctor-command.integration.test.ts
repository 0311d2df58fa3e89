import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestHub, type TestHub } from "@sitewatch/hub/testing";
import { h264TestClip, rtspUnavailableReason, startRtspServer } from "@sitewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAgentConfig, saveAgentConfig, saveCredentials } from "../agent-config/agent-config-file.js";
import { runCli } from "../agent-config/run-cli.test-support.js";
import { hasMedia, media } from "../media.test-support.js";

let hub: TestHub;
let cwd: string;
const video = media("vtest.avi");
const configPath = () => join(cwd, "sitewatch-agent.json");

beforeAll(async () => {
  hub = await startTestHub();
  cwd = await mkdtemp(join(tmpdir(), "agent-doctor-"));
  const token = await hub.newToken();
  const r = await runCli(
    [
      "init",
      "-y",
      "--hub",
      hub.url,
      "--mqtt-url",
      hub.mqttUrl,
      "--token",
      token,
      "--device",
      "edge-doc",
      "--no-probe",
    ],
    { cwd },
  );
  if (r.code !== 0) throw new Error(r.stderr);
});
afterAll(async () => {
  await hub?.close();
  await rm(cwd, { recursive: true, force: true });
});

describe.skipIf(!hasMedia || !existsSync(video))("edge-agent doctor", () => {
  it("passes every check against a real hub, broker and camera", async () => {
    const config = await loadAgentConfig(configPath());
    await saveAgentConfig(configPath(), { ...config, cameras: [{ id: "door", name: "Door", url: video }] });
    const r = await runCli(["doctor"], { cwd });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const name of ["config", "credentials", "model", "hub", "clock", "mqtt", "camera door", "disk"])
      expect(r.stdout).toMatch(new RegExp(`^✓ ${name}`, "m"));
    expect(r.stdout).toContain("logged in to mqtt://127.0.0.1:");
    expect(r.stdout).toMatch(/camera door +768x576 msmpeg4v3/);
  });

  it.skipIf(rtspUnavailableReason())("opens an RTSP camera over TCP", async () => {
    const rtsp = await startRtspServer({ clip: h264TestClip(video) });
    try {
      const config = await loadAgentConfig(configPath());
      await saveAgentConfig(configPath(), {
        ...config,
        cameras: [{ id: "cam-1", name: "IP camera", url: rtsp.url() }],
      });
      const r = await runCli(["doctor"], { cwd });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^✓ camera cam-1 +768x576 h264 .*fps from rtsp:\/\/127\.0\.0\.1:/m);
    } finally {
      await rtsp.stop();
    }
  });

  it("prints ✗ with a fix for each broken part and exits 1", async () => {
    const config = await loadAgentConfig(configPath());
    await saveAgentConfig(configPath(), {
      ...config,
      cameras: [
        { id: "door", name: "Door", url: video },
        { id: "gone", name: "Gone", url: join(cwd, "missing.mp4") },
      ],
    });
    const creds = join(cwd, "sitewatch-agent.credentials.json");
    await saveCredentials(creds, { username: `${hub.site}.edge-doc`, password: "dev_wrong" });
    await chmod(creds, 0o644);
    const r = await runCli(["doctor", "--timeout", "5"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^✗ credentials .*readable by others[\s\S]*fix: chmod 600 /m);
    expect(r.stdout).toMatch(/^✗ mqtt .*\n.*fix: the hub no longer accepts these credentials/m);
    expect(r.stdout).toMatch(/^✓ camera door/m);
    expect(r.stdout).toMatch(/^✗ camera gone .*missing\.mp4/m);
    expect(r.stderr).toBe("edge-agent: 3 of 9 checks failed: credentials, mqtt, camera gone\n");
  });

  it("accepts an enabled attention camera, and lets a disabled camera be", async () => {
    const config = await loadAgentConfig(configPath());
    await saveAgentConfig(configPath(), {
      ...config,
      cameras: [
        { id: "lane", name: "Lane", url: video, role: "attention" },
        { id: "desk", name: "Desk", url: video, role: "gate", enabled: false },
      ],
    });
    const r = await runCli(["doctor", "--timeout", "5"], { cwd });
    // Every role of the protocol runs now, so no camera gets a ✗ role line.
    expect(r.stdout).not.toMatch(/role (lane|desk)/);
    expect(r.stdout).toMatch(/^✓ camera lane/m);
    expect(r.stderr).not.toMatch(/role lane/);
  });

  it("stops at an invalid config with the setting named", async () => {
    const r = await runCli(["doctor", "--config", join(cwd, "nope.json")], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^✗ config .*nope\.json: no such file/m);
  });
});
