import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveAgentConfig, saveCredentials } from "../agent-config/agent-config-file.js";
import { writeAgentState } from "../agent-config/agent-state.js";
import { runCli } from "../agent-config/run-cli.test-support.js";

let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), "agent-status-"));
  await saveAgentConfig(join(cwd, "sitewatch-agent.json"), {
    hub: { url: "http://hub.local:8080", mqttUrl: "mqtt://hub.local:1883" },
    device: { site: "cafe-1", id: "edge-1" },
    cameras: [
      {
        id: "front",
        name: "Front room",
        url: "rtsp://admin:hunter2@10.0.0.5/stream1",
        seats: [
          {
            seat: "1A",
            polygon: [
              [0.1, 0.1],
              [0.4, 0.1],
              [0.4, 0.5],
            ],
          },
        ],
      },
    ],
  });
  await saveCredentials(join(cwd, "sitewatch-agent.credentials.json"), {
    username: "cafe-1.edge-1",
    password: "p",
  });
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

describe("edge-agent status", () => {
  it("summarises the config, masks stream passwords and says when the agent never ran", async () => {
    const r = await runCli(["status"], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^device +cafe-1\/edge-1; credentials .*credentials\.json$/m);
    expect(r.stdout).toMatch(
      /^camera +front "Front room" seats, every 3000 ms, 1 seats, rtsp:\/\/admin:\*\*\*@10\.0\.0\.5/m,
    );
    expect(r.stdout).not.toContain("hunter2");
    expect(r.stdout).toMatch(/^state +none at .*agent-state\.json \(the agent has not run yet\)$/m);
  });

  it("shows the agent's last reported state", async () => {
    const now = Date.now();
    await writeAgentState(join(cwd, "sitewatch-data"), {
      updatedAt: now - 5_000,
      pid: 4242,
      mqtt: { connected: true },
      queue: { pending: 3, dropped: 0 },
      cameras: { front: { status: "online", lastFrameAt: now - 2_000 } },
    });
    const r = await runCli(["status"], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^state +updated \d+ s ago by pid 4242$/m);
    expect(r.stdout).toContain("MQTT connected");
    expect(r.stdout).toContain("queue 3 pending, 0 dropped");
    expect(r.stdout).toMatch(/camera front: online, last frame \d+ s ago/);
    const json = await runCli(["status", "--json"], { cwd });
    expect(JSON.parse(json.stdout)).toMatchObject({ device: { id: "edge-1" }, state: { pid: 4242 } });
  });

  it("status and seats run where the cameras' password variables and files are missing", async () => {
    const dir = join(cwd, "secrets-elsewhere");
    await saveAgentConfig(join(dir, "sitewatch-agent.json"), {
      hub: { url: "http://hub.local:8080", mqttUrl: "mqtt://hub.local:1883" },
      device: { site: "cafe-1", id: "edge-1" },
      cameras: [
        {
          id: "front",
          name: "Front room",
          url: "rtsp://admin@10.0.0.5/stream1",
          passwordEnv: "SITEWATCH_TEST_UNSET_CAMERA_PASSWORD",
          seats: [
            {
              seat: "1A",
              polygon: [
                [0.1, 0.1],
                [0.4, 0.1],
                [0.4, 0.5],
              ],
            },
          ],
        },
        { id: "back", name: "Back", url: "rtsp://admin@10.0.0.6/s", passwordFile: "no-such-secret" },
      ],
    });
    const status = await runCli(["status"], { cwd: dir });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(
      /^camera +front "Front room" seats, .*rtsp:\/\/admin@10\.0\.0\.5\/stream1, password from \$SITEWATCH_TEST_UNSET_CAMERA_PASSWORD$/m,
    );
    expect(status.stdout).toMatch(/^camera +back "Back" .*, password from no-such-secret$/m);
    const seats = await runCli(["seats"], { cwd: dir });
    expect(seats.code, seats.stderr).toBe(0);
    expect(seats.stdout).toMatch(/^ {2}1A /m);
    // `run` does need the password, and says which one is missing.
    const run = await runCli(["run"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /cameras\[0\] \(front\)\.passwordEnv: SITEWATCH_TEST_UNSET_CAMERA_PASSWORD is not set/,
    );
  }, 90_000); // three CLI runs from source through tsx

  it("names the missing config in one line", async () => {
    const r = await runCli(["status", "--config", "nope.json"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^edge-agent: .*nope\.json: no such file \(run `edge-agent init` first\)\n$/);
  });
});
