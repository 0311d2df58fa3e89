import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveAgentConfig, validateAgentConfig } from "../agent-config/agent-config-file.js";
import type { AgentConfigInput } from "../agent-config/agent-config-schema.js";
import { writeAgentState } from "../agent-config/agent-state.js";
import { runCli } from "../agent-config/run-cli.test-support.js";
import { renderSeatReport, seatReport } from "./seats-command.js";

const triangle = (x: number): [number, number][] => [
  [x, 0.1],
  [x + 0.2, 0.1],
  [x + 0.2, 0.5],
];
const configInput: AgentConfigInput = {
  hub: { url: "http://hub.local:8080", mqttUrl: "mqtt://hub.local:1883" },
  device: { site: "cafe-1", id: "edge-1" },
  cameras: [
    {
      id: "front",
      name: "Front room",
      url: "rtsp://10.0.0.5/stream1",
      seats: [
        { seat: "1A", polygon: triangle(0.1) },
        { seat: "1B", polygon: triangle(0.5) },
      ],
    },
    { id: "door", name: "Door", url: "rtsp://10.0.0.6/s", role: "gate" },
  ],
};
const config = validateAgentConfig(configInput);
const now = 1_800_000_000_000;
const state = {
  updatedAt: now - 10_000,
  pid: 4242,
  seats: {
    front: [
      { seat: "1A", state: "occupied", since: now - 300_000, confidence: 0.91 },
      { seat: "9Z", state: "held", since: now - 60_000, confidence: 0.6 },
    ],
  },
};

describe("seatReport", () => {
  it("joins the configured seats with the reported states, seats cameras only", () => {
    const report = seatReport(config, state, now, () => true);
    expect(report.agent).toBe("running");
    expect(report.cameras).toEqual([
      {
        camera: "front",
        name: "Front room",
        seats: [
          { seat: "1A", state: "occupied", since: now - 300_000, confidence: 0.91 },
          { seat: "1B" },
          { seat: "9Z", state: "held", since: now - 60_000, confidence: 0.6 },
        ].map((s) => ({ state: undefined, since: undefined, confidence: undefined, ...s })),
      },
    ]);
    const lines = renderSeatReport(report, "/d/agent-state.json", now);
    expect(lines[0]).toBe("agent running; seat states as of 10 s ago");
    expect(lines).toContain('camera front "Front room": 3 seats');
    expect(lines).toContain("  seat  state     since      confidence");
    expect(lines).toContain("  1A    occupied  5 min ago  0.91");
    expect(lines).toContain("  1B    -         -          -");
  });

  it("says when the agent is not running or never ran", () => {
    expect(seatReport(config, state, now, () => false).agent).toBe("stale");
    expect(seatReport(config, state, now + 600_000, () => true).agent).toBe("stale");
    expect(seatReport(config, { error: "bad" }, now).agent).toBe("unreadable");
    const none = seatReport(config, undefined, now);
    expect(none.agent).toBe("none");
    expect(none.cameras[0]?.seats.map((s) => s.state)).toEqual([undefined, undefined]);
    expect(renderSeatReport(none, "/d/agent-state.json", now)[0]).toBe(
      "agent not running (no state at /d/agent-state.json); seat states unknown",
    );
    expect(
      renderSeatReport(
        seatReport(config, state, now, () => false),
        "x",
        now,
      )[0],
    ).toBe("agent not running (last report 10 s ago); seat states are the last known");
  });
});

describe("edge-agent seats", () => {
  let cwd: string;
  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), "agent-seats-"));
    await saveAgentConfig(join(cwd, "sitewatch-agent.json"), configInput);
  });
  afterAll(() => rm(cwd, { recursive: true, force: true }));

  it("prints the table from the state file, and JSON", async () => {
    const none = await runCli(["seats"], { cwd });
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).toMatch(
      /^agent not running \(no state at .*agent-state\.json\); seat states unknown$/m,
    );
    const at = Date.now();
    await writeAgentState(join(cwd, "sitewatch-data"), {
      updatedAt: at - 3_000,
      pid: process.pid,
      seats: { front: [{ seat: "1B", state: "empty", since: at - 7_000, confidence: 0.8 }] },
    });
    const r = await runCli(["seats"], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^agent running; seat states as of \d+ s ago$/m);
    expect(r.stdout).toMatch(/^ {2}1B +empty +\d+ s ago +0\.80$/m);
    const json = await runCli(["seats", "--json"], { cwd });
    expect(JSON.parse(json.stdout)).toMatchObject({
      agent: "running",
      cameras: [{ camera: "front", seats: [{ seat: "1A" }, { seat: "1B", state: "empty" }] }],
    });
  }, 90_000); // three CLI runs from source through tsx
});
