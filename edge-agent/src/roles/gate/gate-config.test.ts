import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadAgentConfig, saveAgentConfig } from "../../agent-config/agent-config-file.js";
import { assignCameraIds, parseCameraSpec } from "../../agent-config/camera-spec.js";
import { gateCameraSchema } from "./gate-config.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("a gate camera in the agent's config file", () => {
  it("is written as `edge-agent init --camera …,role=gate` writes it, every setting explained, and loads back", async () => {
    const dir = await mkdtemp(join(tmpdir(), "gate-config-"));
    dirs.push(dir);
    const path = join(dir, "sitewatch-agent.json");
    const [camera] = assignCameraIds([parseCameraSpec("Lane=rtsp://10.0.0.9/s,role=gate,interval=1000")]);
    if (!camera) throw new Error("no camera parsed");
    const saved = await saveAgentConfig(path, {
      hub: { url: "http://hub:8080", mqttUrl: "mqtt://hub:1883" },
      device: { site: "port", id: "edge-1" },
      cameras: [camera],
    });
    expect(saved.cameras[0]).toMatchObject({ role: "gate", intervalMs: 1_000, activeIntervalMs: 500 });
    const text = await readFile(path, "utf8");
    const lines = text.split("\n").slice(text.split("\n").findIndex((l) => l.includes('"cameras": [')));
    // Every setting the file holds for the camera has a comment right above it.
    const keys = Object.keys(gateCameraSchema.parse(camera));
    for (const key of keys) {
      const at = lines.findIndex((l) => l.trimStart().startsWith(`"${key}": `));
      expect(at, key).toBeGreaterThan(0);
      expect(lines[at - 1]?.trimStart().startsWith("//"), `comment above ${key}`).toBe(true);
    }
    expect(text).toMatch(/\/\/ Gate: where vehicles are tracked/);
    expect(await loadAgentConfig(path)).toEqual(saved);
  });
});
