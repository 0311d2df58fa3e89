import { execFile } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { hasMedia } from "../media.test-support.js";
import { FACES_DIR, hasFaceClips, hasFaceModels } from "./attention-clips.test-support.js";

// The command as a user runs it: a child process on the TypeScript entry point (tsx), so it does not
// depend on a fresh build of dist/.
const main = resolve(dirname(fileURLToPath(import.meta.url)), "main.ts");
const ready = hasMedia && hasFaceClips() && hasFaceModels();

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ["--import", "tsx", main, ...args],
      { timeout: 120_000, maxBuffer: 64 * 2 ** 20 },
      (err, stdout, stderr) => {
        const code = err ? (err as { code?: number }).code : 0;
        done({ code: typeof code === "number" ? code : 1, stdout, stderr });
      },
    );
  });
}

describe.skipIf(!ready)("edge-agent attention", () => {
  const clip = join(FACES_DIR, "blink-two.mp4");

  it("prints every frame and the two blinks as JSON", async () => {
    const r = await run("attention", "--json", clip);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      input: string;
      frames: { frame: number; face: Record<string, number> | null; state: string }[];
      events: { kind: string; startFrame: number; endFrame: number }[];
      blinks: number;
      calibration: { openEar: number } | null;
    };
    expect(out.input).toBe(clip);
    expect(out.frames.length).toBeGreaterThanOrEqual(70);
    expect(Object.keys(out.frames[0]?.face ?? {}).sort()).toEqual(
      ["ear", "earLeft", "earRight", "mar", "pitch", "roll", "yaw"].sort(),
    );
    expect(out.blinks).toBe(2);
    // Labelled 14–17 and 37–38 (±2 frames).
    const starts = out.events.filter((e) => e.kind === "blink").map((e) => e.startFrame);
    expect(starts).toHaveLength(2);
    expect(Math.abs((starts[0] ?? 0) - 14)).toBeLessThanOrEqual(2);
    expect(Math.abs((starts[1] ?? 0) - 37)).toBeLessThanOrEqual(2);
    expect(out.calibration?.openEar).toBeGreaterThan(0.2);
  });

  it("prints a table with a line per frame and the events by default", async () => {
    const r = await run("attention", "--fps", "10", clip);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^frame\s+time\s+EAR/);
    // 3 s at 10 analyses a second.
    const frameLines = lines.filter((l) => /^\s+\d+\s+\d+\.\d{3}\s/.test(l));
    expect(frameLines.length).toBeGreaterThanOrEqual(28);
    expect(frameLines.length).toBeLessThanOrEqual(32);
    expect(r.stdout).toMatch(/\d+ frames \(\d+ with a face\)/);
  });

  it("refuses unknown or out-of-range thresholds as a usage error, in one line", async () => {
    for (const bad of ['{"blinkMs":1}', '{"drowsyMs":-5}', "not json"]) {
      const r = await run("attention", "--thresholds", bad, clip);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/--thresholds/);
    }
  });

  it("names a missing file in one line, exit 1", async () => {
    const r = await run("attention", join(FACES_DIR, "nosuch.mp4"));
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^edge-agent: cannot read .*nosuch\.mp4: no such file$/);
  });
});
