import { mkdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureDir } from "../delivery/storage-errors.js";
import { explainTmpfsSkip, mountTmpfs, type Tmpfs } from "../delivery/tmpfs.test-support.js";
import { saveAgentConfig } from "./agent-config-file.js";
import { peekDataDir, probeDataDir } from "./data-dir-probe.js";
import { runCli } from "./run-cli.test-support.js";

// What `doctor` and `status` say about a data dir on a real read-only or full filesystem.
const unavailable = explainTmpfsSkip();
let fs: Tmpfs | undefined;
let home: string | undefined;
afterEach(async () => {
  fs?.unmount();
  fs = undefined;
  if (home) await rm(home, { recursive: true, force: true });
  home = undefined;
});

describe.skipIf(unavailable)("the data dir checks", () => {
  it("say a read-only data dir is read-only, and name the read-only parent of a missing one", async () => {
    fs = mountTmpfs(256 * 1024);
    mkdirSync(join(fs.dir, "data"));
    fs.remount("ro");
    const data = join(fs.dir, "data");
    const missing = join(fs.dir, "site", "data");
    expect(await probeDataDir(data, 0)).toMatchObject({
      ok: false,
      state: "read-only",
      detail: `data dir ${data} is read-only (EROFS)`,
      fix: expect.stringMatching(/remount/),
    });
    expect(await probeDataDir(missing, 0)).toMatchObject({
      ok: false,
      state: "read-only",
      detail: `cannot create data dir ${missing}: parent ${fs.dir} is read-only (EROFS)`,
    });
    expect(() => ensureDir(missing, "data dir")).toThrow(
      `cannot create data dir ${missing}: parent ${fs.dir} is read-only (EROFS)`,
    );
    expect((await peekDataDir(data)).detail).toBe(`data dir ${data} is read-only (EROFS)`);
  });

  it("say a full data dir is full, and report free space otherwise", async () => {
    fs = mountTmpfs(256 * 1024);
    fs.fill();
    expect(await probeDataDir(fs.dir, 0)).toMatchObject({
      ok: false,
      state: "full",
      detail: `data dir ${fs.dir} is full: 0 B free (ENOSPC)`,
    });
    expect(await peekDataDir(fs.dir)).toMatchObject({ state: "full", freeBytes: 0 });
    fs.free();
    const ok = await probeDataDir(fs.dir, 0);
    expect(ok).toMatchObject({ ok: true, state: "ok" });
    expect(ok.detail).toMatch(new RegExp(`^data dir ${fs.dir} is writable, \\d+(\\.\\d)? KiB free$`));
    expect(await probeDataDir(fs.dir, 2 ** 30)).toMatchObject({ ok: false, state: "low" });
    const later = join(fs.dir, "not", "yet");
    expect((await probeDataDir(later, 0)).detail).toMatch(
      new RegExp(`^data dir ${later} does not exist yet; it will be created in ${fs.dir} \\(`),
    );
  });

  it("edge-agent doctor prints the read-only data dir as the disk failure", async () => {
    fs = mountTmpfs(256 * 1024);
    fs.remount("ro");
    home = await mkdtemp(join(tmpdir(), "doctor-ro-"));
    const dataDir = join(fs.dir, "data");
    await saveAgentConfig(join(home, "sitewatch-agent.json"), {
      hub: { url: "http://127.0.0.1:9", mqttUrl: "mqtt://127.0.0.1:9" },
      device: { site: "cafe-1", id: "edge-ro" },
      dataDir,
    });
    const r = await runCli(["doctor", "--json"], { cwd: home });
    expect(r.code).toBe(1);
    const disk = (JSON.parse(r.stdout) as { checks: { name: string; detail: string }[] }).checks.find(
      (c) => c.name === "disk",
    );
    expect(disk).toMatchObject({
      ok: false,
      detail: `cannot create data dir ${dataDir}: parent ${fs.dir} is read-only (EROFS)`,
    });
    expect(r.stdout).not.toContain("ENOENT");
  });
});
