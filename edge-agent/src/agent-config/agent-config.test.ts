import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  AgentConfigError,
  credentialsExposure,
  defaultConfigPath,
  loadAgentConfig,
  loadCredentials,
  saveAgentConfig,
  saveCredentials,
} from "./agent-config-file.js";
import type { AgentConfigInput } from "./agent-config-schema.js";
import { parseCommentedJson } from "./commented-json.js";

const dir = mkdtempSync(join(tmpdir(), "agent-config-"));
const sample: AgentConfigInput = {
  hub: { url: "http://hub.local:8080/", mqttUrl: "mqtt://hub.local:1883" },
  device: { site: "cafe-1", id: "edge-1" },
  cameras: [
    {
      id: "cam-1",
      name: "Front room",
      url: "rtsp://10.0.0.5/stream1",
      seats: [
        {
          seat: "1A",
          polygon: [
            [0.1, 0.1],
            [0.4, 0.1],
            [0.4, 0.5],
            [0.1, 0.5],
          ],
        },
      ],
    },
  ],
};

describe("agent config file", () => {
  it("saves with comments, loads back the same config with defaults filled in", async () => {
    const path = join(dir, "round-trip.json");
    const saved = await saveAgentConfig(path, sample);
    const text = readFileSync(path, "utf8");
    expect(text).toMatch(/^\/\/ Sitewatch edge agent configuration/);
    expect(text).toContain("// Analyse one frame every this many milliseconds");
    expect(text).toContain("[0.1, 0.1]");
    const loaded = await loadAgentConfig(path);
    expect(loaded).toEqual(saved);
    expect(loaded.hub.url).toBe("http://hub.local:8080");
    expect(loaded.cameras[0]).toMatchObject({ role: "seats", intervalMs: 3000, motion: { enabled: true } });
    expect(loaded.detector).toEqual({ model: "centernet", threads: 2, scoreThreshold: 0.4 });
    // Saving again regenerates exactly the same text.
    await saveAgentConfig(path, loaded);
    expect(readFileSync(path, "utf8")).toBe(text);
  });

  it("names the file, the setting and the rule in one line", async () => {
    const path = join(dir, "bad.json");
    const bad = structuredClone(sample) as { cameras: Record<string, unknown>[] };
    bad.cameras.push({ id: "cam-2", name: "Door", url: "http://x/y", intervalMs: 50, typo: 1 });
    writeFileSync(path, `// a comment\n${JSON.stringify(bad)}`);
    const err = await loadAgentConfig(path).catch((e: Error) => e);
    expect(err).toBeInstanceOf(AgentConfigError);
    const message = (err as Error).message;
    expect(message).not.toContain("\n");
    expect(message).toContain(`${path}: `);
    expect(message).toContain("cameras[1].intervalMs: must be ≥ 200");
    expect(message).toContain('cameras[1]: unknown setting "typo"');
    expect(message).toContain("cameras[1].url: must be an rtsp://");
  });

  it("reports JSON syntax errors with line and column and missing files with a hint", async () => {
    const path = join(dir, "syntax.json");
    writeFileSync(path, '// header\n{\n  "hub": {\n    "url": "http://h",,\n  }\n}\n');
    await expect(loadAgentConfig(path)).rejects.toThrow(/syntax\.json:4:23: expected a property name/);
    await expect(loadAgentConfig(join(dir, "none.json"))).rejects.toThrow(/no such file.*edge-agent init/);
  });

  it("rejects bad polygons and duplicate ids with the shared seat rules", async () => {
    const config = structuredClone(sample) as { cameras: { seats: unknown[] }[] };
    config.cameras[0]?.seats.push({
      seat: "1A",
      polygon: [
        [0, 0],
        [2, 0],
        [0, 1],
      ],
    });
    await expect(saveAgentConfig(join(dir, "seats.json"), config as AgentConfigInput)).rejects.toThrow(
      /cameras\[0\]\.seats\[1\]\.polygon\[1\]\[0\]: must be ≤ 1/,
    );
  });

  it("keeps credentials in an owner-only file", async () => {
    const path = join(dir, "creds.json");
    writeFileSync(path, "{}", { mode: 0o644 });
    await saveCredentials(path, { username: "cafe-1.edge-1", password: "dev_x" });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await credentialsExposure(path)).toBe(0);
    expect(await loadCredentials(path)).toEqual({ username: "cafe-1.edge-1", password: "dev_x" });
  });

  it("keeps `//` inside strings and finds the default path", () => {
    expect(parseCommentedJson('// c\n{"a": "x // not a comment"}\n  // c2')).toEqual({
      a: "x // not a comment",
    });
    expect(defaultConfigPath({})).toMatch(/sitewatch-agent\.json$/);
    expect(defaultConfigPath({ SITEWATCH_AGENT_CONFIG: "/etc/sw.json" })).toBe("/etc/sw.json");
  });
});
