import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveAgentConfig } from "../agent-config/agent-config-file.js";
import { runCli } from "../agent-config/run-cli.test-support.js";
import { hasMedia, media } from "../media.test-support.js";

let cwd: string;
const video = media("vtest.avi");

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), "agent-snapshot-"));
  await saveAgentConfig(join(cwd, "sitewatch-agent.json"), {
    hub: { url: "http://127.0.0.1:9", mqttUrl: "mqtt://127.0.0.1:9" },
    device: { site: "cafe-1", id: "edge-1" },
    cameras: [
      { id: "door", name: "Door", url: video },
      { id: "gone", name: "Gone", url: "rtsp://user:secret@127.0.0.1:9/none" },
    ],
  });
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

describe.skipIf(!hasMedia || !existsSync(video))("edge-agent snapshot", () => {
  it("writes one frame as PNG next to the config, or where --out says in its format", async () => {
    const r = await runCli(["snapshot", "door"], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/door: 768x576 picture written to .*sitewatch-agent\.door\.png/);
    expect((await sharp(join(cwd, "sitewatch-agent.door.png")).metadata()).format).toBe("png");
    const jpg = await runCli(["snapshot", "Door", "--out", "view.jpg"], { cwd });
    expect(jpg.code, jpg.stderr).toBe(0);
    expect((await sharp(join(cwd, "view.jpg")).metadata()).format).toBe("jpeg");
  });

  it("fails in one line for an unknown or unreachable camera, without printing its password", async () => {
    const unknown = await runCli(["snapshot", "attic"], { cwd });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^edge-agent: no camera "attic" in .* \(known: door, gone\)\n$/);
    const gone = await runCli(["snapshot", "gone", "--timeout", "3"], { cwd });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(
      /^edge-agent: camera gone \(rtsp:\/\/user:\*\*\*@127\.0\.0\.1:9\/none\): .+\n$/,
    );
    expect(gone.stderr).not.toContain("secret");
  });
});
