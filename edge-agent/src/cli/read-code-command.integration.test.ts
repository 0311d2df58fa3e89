import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../agent-config/run-cli.test-support.js";
import { modelDir } from "../models/model-cache.js";
import { CONTAINERS_DIR, hasGatePictures } from "../roles/gate/code/gate-pictures.test-support.js";

// read-code loads the models from the built cache, as installers run it.
const cacheBuilt = existsSync(join(modelDir(), "ppocr-rec.manifest.json"));
let cwd: string;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), "edge-agent-read-code-"));
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

describe("edge-agent read-code", () => {
  it("names a missing file in one line and exits 1 before loading any model", async () => {
    const r = await runCli(["read-code", join(cwd, "missing.jpg")], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^edge-agent: cannot read .*missing\.jpg: no such file\n$/);
    expect(r.stdout).toBe("");
  });

  it.skipIf(!cacheBuilt)("names a file that is no picture in one line", async () => {
    await writeFile(join(cwd, "notes.jpg"), "not a picture");
    const r = await runCli(["read-code", join(cwd, "notes.jpg")], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^edge-agent: cannot decode .*notes\.jpg as an image: .+\n$/);
  });

  it("treats a bad --threads value as a usage error", async () => {
    const r = await runCli(["read-code", "--threads", "0", "x.jpg"], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--threads must be a positive integer/);
  });

  it.skipIf(!cacheBuilt || !hasGatePictures)("prints the codes of each picture as JSON", async () => {
    const side = join(CONTAINERS_DIR, "130713001/1-130713001-OCR-LB-C02.jpg");
    const door = join(CONTAINERS_DIR, "145327001/1-145327001-OCR-AH-A01.jpg");
    const r = await runCli(["read-code", "--json", "--threads", "2", side, door], {
      cwd,
      timeoutMs: 120_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { pictures: { input: string; codes: Record<string, unknown>[] }[] };
    expect(out.pictures.map((p) => p.input)).toEqual([side, door]);
    expect(out.pictures[0]).toMatchObject({ width: 1920, height: 1080, ms: expect.any(Number) });
    expect(out.pictures[0]?.codes[0]).toMatchObject({
      code: "CXDU1105408",
      owner: "CXD",
      category: "U",
      serial: "110540",
      checkDigit: 8,
      valid: true,
      repaired: false,
      sizeType: "45G1",
      sizeTypeValid: true,
      confidence: expect.any(Number),
      rawText: "CXDU1105408",
      orientation: "vertical",
    });
    const box = out.pictures[0]?.codes[0]?.box as number[];
    expect(box).toHaveLength(4);
    // Inside the labelled region of the code (726 22 802 776), give or take the detector's margin.
    expect(box[0]).toBeGreaterThan(680);
    expect(box[2]).toBeLessThan(850);
    expect(out.pictures[1]?.codes[0]).toMatchObject({ code: "MSKU3866036", valid: true, sizeType: "22G1" });
  });

  it.skipIf(!cacheBuilt || !hasGatePictures)(
    "prints one line per code and the time per picture",
    async () => {
      const side = join(CONTAINERS_DIR, "124126001/1-124126001-OCR-RF-D01.jpg");
      const r = await runCli(["read-code", side], { cwd, timeoutMs: 120_000 });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^1-124126001-OCR-RF-D01\.jpg: 1 valid of 1 read in \d+ ms\n/);
      expect(r.stdout).toMatch(/\n {2}BEAU 265693 1 {2}valid .*\[\d+, \d+, \d+, \d+\]/);
    },
  );
});
