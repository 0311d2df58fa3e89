import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestHub, type TestHub } from "@sitewatch/hub/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveAgentConfig, saveCredentials } from "../agent-config/agent-config-file.js";
import { enrollWithHub } from "../agent-config/hub-client.js";
import { runCli } from "../agent-config/run-cli.test-support.js";

// `edge-agent worker` as an installer starts it: config file, credentials from enrolment, the detector
// loaded, a real claim against the hub with the device's own credentials.
let hub: TestHub;
let cwd: string;

beforeAll(async () => {
  hub = await startTestHub({ site: "worker-site" });
  const enrolled = await enrollWithHub(hub.url, { token: await hub.newToken(), deviceId: "edge-1" });
  cwd = await mkdtemp(join(tmpdir(), "agent-worker-"));
  await saveAgentConfig(join(cwd, "sitewatch-agent.json"), {
    hub: { url: hub.url, mqttUrl: hub.mqttUrl },
    device: { site: "worker-site", id: "edge-1" },
    privacy: { blurFaces: false },
    analysis: { vlm: { url: "http://127.0.0.1:9", model: "qwen2.5vl:3b" } },
  });
  const { username, password } = enrolled.mqtt;
  await saveCredentials(join(cwd, "sitewatch-agent.credentials.json"), { username, password });
}, 120_000);

afterAll(async () => {
  await hub?.close();
  if (cwd) await rm(cwd, { recursive: true, force: true });
});

describe("edge-agent worker", () => {
  it("--once with nothing to do: claims with the device's credentials and exits 3", async () => {
    const r = await runCli(["worker", "--once"], { cwd, timeoutMs: 90_000 });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/analysis worker for worker-site\/edge-1: builtin, vlm/);
    expect(r.stdout).toMatch(/analysis worker: idle/);
    expect(r.code).toBe(3);
  }, 120_000);

  it("says which credentials the hub refused", async () => {
    await saveCredentials(join(cwd, "sitewatch-agent.credentials.json"), {
      username: "worker-site.edge-1",
      password: "not-the-secret",
    });
    const r = await runCli(["worker", "--once"], { cwd, timeoutMs: 90_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad device credentials/);
  }, 120_000);
});
