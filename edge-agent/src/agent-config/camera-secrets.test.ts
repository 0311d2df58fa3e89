import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConfigPush } from "@sitewatch/shared-protocol";
import { uuidv7 } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { AgentConfigError, loadAgentConfig, saveAgentConfig } from "./agent-config-file.js";
import { maskUrl } from "./agent-state.js";
import { applyConfigPush } from "./config-push.js";

const dir = mkdtempSync(join(tmpdir(), "camera-secrets-"));
const PASSWORD = "p@ss:w/rd";

function writeConfig(name: string, camera: Record<string, unknown>): string {
  const path = join(dir, name);
  const config = {
    hub: { url: "http://hub:8080", mqttUrl: "mqtt://hub:1883" },
    device: { site: "cafe-1", id: "edge-1" },
    cameras: [{ id: "door", name: "Door", url: "rtsp://viewer@10.0.0.5/s1", ...camera }],
  };
  writeFileSync(path, `// test\n${JSON.stringify(config, null, 2)}\n`);
  return path;
}

const loadError = (path: string, env: Record<string, string> = {}) =>
  loadAgentConfig(path, env).then(
    () => {
      throw new Error("loaded");
    },
    (err: unknown) => {
      expect(err).toBeInstanceOf(AgentConfigError);
      return (err as Error).message;
    },
  );

describe("camera passwords from the environment or a file", () => {
  it("puts passwordEnv's value, percent-encoded, into the URL; saving leaves it out of the file", async () => {
    const path = writeConfig("env.json", { passwordEnv: "CAM1_PASSWORD" });
    const config = await loadAgentConfig(path, { CAM1_PASSWORD: PASSWORD });
    expect(config.cameras[0]?.url).toBe(`rtsp://viewer:${encodeURIComponent(PASSWORD)}@10.0.0.5/s1`);
    expect(maskUrl(config.cameras[0]?.url ?? "")).toBe("rtsp://viewer:***@10.0.0.5/s1");

    const saved = await saveAgentConfig(path, config);
    const text = readFileSync(path, "utf8");
    expect(text).not.toContain(encodeURIComponent(PASSWORD));
    expect(text).toContain('"url": "rtsp://viewer@10.0.0.5/s1"');
    expect(text).toContain('"passwordEnv": "CAM1_PASSWORD"');
    expect(text).toContain("// The RTSP password from this environment variable");
    expect(saved.cameras[0]?.url).toBe(config.cameras[0]?.url);
    expect(await loadAgentConfig(path, { CAM1_PASSWORD: PASSWORD })).toEqual(config);
  });

  it("reads passwordFile relative to the config's folder, without the trailing newline", async () => {
    writeFileSync(join(dir, "cam1.secret"), "s3cret\n");
    const path = writeConfig("file.json", { passwordFile: "cam1.secret" });
    const config = await loadAgentConfig(path, {});
    expect(config.cameras[0]?.url).toBe("rtsp://viewer:s3cret@10.0.0.5/s1");
  });

  it("names the file, the camera and the missing variable or file", async () => {
    const env = writeConfig("no-env.json", { passwordEnv: "CAM1_PASSWORD" });
    expect(await loadError(env, { OTHER: "x" })).toBe(
      `${env}: cameras[0] (door).passwordEnv: CAM1_PASSWORD is not set or empty`,
    );
    const file = writeConfig("no-file.json", { passwordFile: "/nonexistent/cam1" });
    expect(await loadError(file)).toBe(
      `${file}: cameras[0] (door).passwordFile: cannot read /nonexistent/cam1 (ENOENT)`,
    );
    writeFileSync(join(dir, "empty.secret"), "\n");
    const empty = writeConfig("empty-file.json", { passwordFile: "empty.secret" });
    expect(await loadError(empty)).toContain("empty.secret is empty");
  });

  it("refuses ambiguous or unusable settings", async () => {
    const both = writeConfig("both.json", { passwordEnv: "A", passwordFile: "b" });
    expect(await loadError(both, { A: "x" })).toContain("set passwordEnv or passwordFile, not both");
    const inline = writeConfig("inline.json", { url: "rtsp://viewer:old@10.0.0.5/s1", passwordEnv: "A" });
    expect(await loadError(inline, { A: "x" })).toContain("cameras[0] (door).url: has a password");
    const noUser = writeConfig("no-user.json", { url: "rtsp://10.0.0.5/s1", passwordEnv: "A" });
    expect(await loadError(noUser, { A: "x" })).toContain("must be rtsp://user@host/");
    const badName = writeConfig("bad-name.json", { passwordEnv: "CAM-1" });
    expect(await loadError(badName)).toContain(
      "cameras[0].passwordEnv: must be an environment variable name",
    );
  });

  it("keeps the password's source through a hub push, with or without a pushed URL", async () => {
    const config = await loadAgentConfig(writeConfig("push.json", { passwordEnv: "A" }), { A: "pw" });
    const push = (revision: number, camera: Record<string, unknown>): ConfigPush =>
      ({
        v: 1,
        id: uuidv7(),
        ts: Date.now(),
        revision,
        cameras: [{ camera: "door", role: "gate", enabled: true, sampleIntervalMs: 1000, ...camera }],
      }) as ConfigPush;
    const kept = applyConfigPush(config, push(1, {}));
    if (!kept.applied) throw new Error(kept.reason);
    expect(kept.config.cameras[0]).toMatchObject({ url: "rtsp://viewer:pw@10.0.0.5/s1", passwordEnv: "A" });
    const moved = applyConfigPush(kept.config, push(2, { url: "rtsp://viewer@10.0.0.9/s2" }));
    if (!moved.applied) throw new Error(moved.reason);
    expect(moved.config.cameras[0]).toMatchObject({ url: "rtsp://viewer:pw@10.0.0.9/s2", passwordEnv: "A" });
    const replaced = applyConfigPush(moved.config, push(3, { url: "rtsp://other:x@10.0.0.9/s2" }));
    if (!replaced.applied) throw new Error(replaced.reason);
    expect(replaced.config.cameras[0]?.url).toBe("rtsp://other:x@10.0.0.9/s2");
    expect(replaced.config.cameras[0]?.passwordEnv).toBeUndefined();
  });
});
