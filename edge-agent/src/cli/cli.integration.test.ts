import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasMedia, media } from "../media.test-support.js";
import { normaliseCode, renderPanel } from "../vision/ocr/ocr-fixtures.test-support.js";

// The built CLI (`npm test` builds first), run as installers run it: a child process.
const cli = resolve(dirname(fileURLToPath(import.meta.url)), "../../dist/cli/main.js");
let cwd: string;

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], { cwd, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? 1) : 0;
      done({ code: typeof code === "number" ? code : 1, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build -w @sitewatch/edge-agent`);
  cwd = await mkdtemp(join(tmpdir(), "edge-agent-cli-"));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe("edge-agent CLI errors", () => {
  it("names an unreadable file in one line and exits 1", async () => {
    const r = await run("detect", join(cwd, "missing.jpg"));
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^edge-agent: cannot read .*missing\.jpg: no such file/);
  });

  it("refuses an unknown model in one line", async () => {
    await writeFile(join(cwd, "x.jpg"), "not a picture");
    const r = await run("detect", "--model", "nosuch.onnx", join(cwd, "x.jpg"));
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^edge-agent: .*nosuch\.onnx/);
  });

  it("treats a bad option value as a usage error (exit 2)", async () => {
    const r = await run("detect", "--threshold", "2", "x.jpg");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--threshold must be between 0 and 1/);
  });

  it("refuses a number option that is not a number before doing anything (exit 2)", async () => {
    for (const [args, message] of [
      [["run", "--health-every", "abc"], /--health-every must be a positive integer/],
      [["run", "--health-every", ""], /--health-every must be a positive integer/],
      [["detect", "--every", "abc", "clip.mp4"], /--every must be a number of seconds ≥ 0/],
      [["doctor", "--timeout", "0"], /--timeout must be a positive integer/],
    ] as const) {
      const r = await run(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });

  it("says in its help what the agent does and which commands it has", async () => {
    const r = await run("--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/MQTT 3\.1\.1/);
    expect(r.stdout).toMatch(/Roles: seats .*, gate .* and attention .*; any camera can\s+also be recorded/s);
    const commands = [...r.stdout.matchAll(/^ {2}([a-z]+) /gm)].map(([, c]) => c);
    expect(commands).toEqual([
      "init",
      "doctor",
      "run",
      "status",
      "seats",
      "snapshot",
      "detect",
      "face",
      "attention",
      "ocr",
      "worker",
      "help",
    ]);
  });

  it("says so when a file is not a picture", async () => {
    await writeFile(join(cwd, "text.png"), "plain text, not a PNG");
    const r = await run("face", join(cwd, "text.png"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^edge-agent: cannot decode .*text\.png as an image/);
  });
});

describe("edge-agent ocr", () => {
  it("reads a container code from a picture it is given", async () => {
    const panel = await renderPanel({
      lines: ["MSKU 123456 7"],
      background: "#b3261e",
      foreground: "#ffffff",
    });
    const file = join(cwd, "gate.png");
    await sharp(panel.data, { raw: { width: panel.width, height: panel.height, channels: 3 } })
      .png()
      .toFile(file);
    const r = await run("ocr", file, "--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { lines: { text: string }[] };
    expect(out.lines.map((l) => normaliseCode(l.text))).toContain("MSKU1234567");
  });
});

describe.skipIf(!hasMedia)("edge-agent CLI on real media", () => {
  it("detect --json finds the person in person.jpg", async () => {
    const r = await run("detect", media("person.jpg"), "--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { detections: { label: string; score: number }[] };
    expect(out.detections.some((d) => d.label === "person" && d.score > 0.3)).toBe(true);
  });

  it("detect writes an annotated copy and filters by class", async () => {
    const r = await run("detect", media("coffee.png"), "--classes", "cup", "--out", join(cwd, "cup.png"));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^cup\s+0\.\d\d/m);
    expect(r.stdout).not.toMatch(/^(?!cup)\w+\s+0\.\d\d\s+\[/m);
    expect(existsSync(join(cwd, "cup.png"))).toBe(true);
  });

  it("detect on a video analyses sampled frames", async () => {
    const r = await run(
      "detect",
      media("vtest.avi"),
      "--json",
      "--every",
      "2",
      "--frames",
      "2",
      "--classes",
      "person",
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { frames: { time: number; detections: unknown[] }[] };
    expect(out.frames.map((f) => f.time)).toEqual([0, 2]);
    expect(out.frames.every((f) => f.detections.length > 0)).toBe(true);
  });

  it("face --json gives one face with 468 landmarks on astronaut.png", async () => {
    const r = await run("face", media("astronaut.png"), "--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { faces: { landmarks: number[][] }[] };
    expect(out.faces).toHaveLength(1);
    expect(out.faces[0]?.landmarks).toHaveLength(468);
  });
});
