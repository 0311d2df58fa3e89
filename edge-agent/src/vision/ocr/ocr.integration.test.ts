import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelDir } from "../../models/model-cache.js";
import { Ocr } from "./ocr.js";
import { normaliseCode, type PanelSpec, renderPanel } from "./ocr-fixtures.test-support.js";
import { cropTextLine } from "./text-crop.js";

const BLUE = "#1f4e9c";
const RED = "#b22222";
const GREEN = "#2e7d32";

/** Container-door style codes; each must read back exactly (spaces aside). */
const CASES: { name: string; spec: PanelSpec }[] = [
  { name: "white on blue", spec: { lines: ["CSQU 305438 3"], background: BLUE } },
  { name: "white on red", spec: { lines: ["MSKU 123456 7"], background: RED } },
  { name: "white on green, rotated 7°", spec: { lines: ["TGHU 987650 1"], background: GREEN, rotate: 7 } },
  { name: "white on blue with noise", spec: { lines: ["MSCU 456789 0"], background: BLUE, noise: 30 } },
  {
    name: "dark on yellow, rotated -9°",
    spec: { lines: ["HLXU 802211 5"], background: "#f2c200", foreground: "#1a1a1a", rotate: -9 },
  },
];

describe("Ocr (PP-OCRv4 from the package files)", () => {
  let ocr: Ocr;

  beforeAll(async () => {
    ocr = await Ocr.create({ models: "package", threads: 2 });
  });

  afterAll(async () => {
    await ocr?.close();
  });

  for (const { name, spec } of CASES) {
    it(`reads ${spec.lines.join(" / ")} (${name})`, async () => {
      const image = await renderPanel(spec);
      const { lines } = await ocr.recognize(image);
      expect(lines.length).toBeGreaterThan(0);
      expect(normaliseCode(lines.map((l) => l.text).join(""))).toBe(normaliseCode(spec.lines.join("")));
      for (const line of lines) {
        expect(line.confidence).toBeGreaterThan(0.5);
        expect(line.confidence).toBeLessThanOrEqual(1);
        const [x1, y1, x2, y2] = line.xyxy;
        expect(0 <= x1 && x1 < x2 && x2 <= image.width).toBe(true);
        expect(0 <= y1 && y1 < y2 && y2 <= image.height).toBe(true);
      }
    });
  }

  it("reports a skewed line's box rotated with the text", async () => {
    const image = await renderPanel({ lines: ["TGHU 987650 1"], background: GREEN, rotate: 7 });
    const [line] = (await ocr.recognize(image)).lines;
    const [tl, tr] = line?.box ?? [];
    const slope = ((tr?.[1] ?? 0) - (tl?.[1] ?? 0)) / ((tr?.[0] ?? 1) - (tl?.[0] ?? 0));
    expect((Math.atan(slope) * 180) / Math.PI).toBeCloseTo(7, 0);
  });

  it("returns lines in reading order, from encoded PNG bytes", async () => {
    const raw = await renderPanel({
      lines: ["CSQU 305438 3", "45G1"],
      background: RED,
      rotate: -6,
      noise: 20,
    });
    const { default: sharp } = await import("sharp");
    const png = await sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: 3 } })
      .png()
      .toBuffer();
    const { lines } = await ocr.recognize(png);
    expect(lines.map((l) => normaliseCode(l.text))).toEqual(["CSQU3054383", "45G1"]);
  });

  it("detects and recognises in two steps as recognize does in one", async () => {
    const panel = await renderPanel({ lines: ["CSQU 305438 3", "45G1"], background: RED, rotate: 4 });
    const { image, rects } = await ocr.detectRegions(panel);
    expect(image).toBe(panel);
    const reads = await ocr.readCrops(
      rects.map((r) => cropTextLine(image, r)),
      1,
    );
    const { lines } = await ocr.recognize(panel);
    expect(reads.map((r) => normaliseCode(r.text))).toEqual(lines.map((l) => normaliseCode(l.text)));
    expect(await ocr.readCrops([])).toEqual([]);
  });

  it("finds nothing on a blank panel", async () => {
    const image = await renderPanel({ lines: [], background: BLUE, height: 120, noise: 10 });
    expect((await ocr.recognize(image)).lines).toEqual([]);
  });
});

const cacheBuilt = existsSync(join(modelDir(), "ppocr-rec.manifest.json"));

describe.skipIf(!cacheBuilt)("Ocr (default: the model cache)", () => {
  it("loads the built models and refuses work once closed", async () => {
    const ocr = await Ocr.create({ threads: 2 });
    const image = await renderPanel({ lines: ["CSQU 305438 3"], background: BLUE });
    const { lines } = await ocr.recognize(image);
    expect(normaliseCode(lines.map((l) => l.text).join(""))).toBe("CSQU3054383");
    await ocr.close();
    await expect(ocr.recognize(image)).rejects.toThrow(/closed/);
  });
});
