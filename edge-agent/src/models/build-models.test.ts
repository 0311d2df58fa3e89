import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { afterAll, describe, expect, it } from "vitest";
import { buildModels } from "./build-models.js";
import { COCO_LABELS } from "./coco-labels.js";
import { loadManifest, modelPath } from "./model-cache.js";

const dir = mkdtempSync(join(tmpdir(), "sitewatch-models-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function build(): Promise<string[]> {
  const lines: string[] = [];
  await buildModels(dir, { log: (l) => lines.push(l), ocr: false });
  return lines;
}

/** The models a build announced it converted, in order. */
const converted = (lines: string[]) =>
  lines.flatMap((l) => /^\[models\] (\S+): converted, /.exec(l)?.[1] ?? []);

describe("buildModels", () => {
  it("converts the human models into the cache with validated manifests", async () => {
    const lines = await build();
    // A start line (source and size) and an end line (sizes, time) per model, then the summary.
    expect(lines[0]).toMatch(
      /^\[models\] centernet: converting @vladmandic\/human models\/centernet\.json \(\d+\.\d MB\)…$/,
    );
    expect(lines[1]).toMatch(/^\[models\] centernet: converted, \d+\.\d MB → \d+\.\d MB in \d+\.\d s$/);
    expect(converted(lines)).toEqual(["centernet", "blazeface", "facemesh"]);
    expect(lines).toHaveLength(7);
    expect(lines[6]).toMatch(/^\[models\] 3 models prepared in \S+/);
    const centernet = loadManifest("centernet", dir);
    expect(centernet.source).toMatchObject({ package: "@vladmandic/human", version: "3.3.6" });
    expect(centernet.source.files.map((f) => f.file)).toEqual([
      "models/centernet.json",
      "models/centernet.bin",
    ]);
    expect(centernet.labels).toEqual(COCO_LABELS);
    expect(centernet.inputs).toEqual([{ name: "tower_0/images", dtype: "float32", shape: [1, 512, 512, 3] }]);
    expect(centernet.outputs.find((o) => o.name === "tower_0/detections")?.shape).toEqual([1, 100, 6]);
    const blazeface = loadManifest("blazeface", dir);
    expect(blazeface.outputs.map((o) => `${o.name}[${o.shape}]`).sort()).toEqual([
      "logits_stride16[1,512,1]",
      "logits_stride32[1,384,1]",
      "regressors_stride16[1,512,16]",
      "regressors_stride32[1,384,16]",
    ]);
    const facemesh = loadManifest("facemesh", dir);
    expect(facemesh.inputs[0]?.shape).toEqual(["batch", 192, 192, 3]);
    const session = await ort.InferenceSession.create(join(dir, facemesh.file));
    expect([...session.outputNames].sort()).toEqual(["output_contours", "output_faceflag", "output_mesh"]);
    await session.release();
  });

  it("skips up-to-date models and rebuilds a damaged or outdated one", async () => {
    const mtime = statSync(join(dir, "centernet.onnx")).mtimeMs;
    const again = await build();
    expect(again).toEqual([expect.stringMatching(/^\[models\] 3 models up to date in .* \(checked in /)]);
    expect(statSync(join(dir, "centernet.onnx")).mtimeMs).toBe(mtime);

    writeFileSync(join(dir, "blazeface.onnx"), "not a model");
    const manifestPath = join(dir, "facemesh.manifest.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { converter: string };
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, converter: "older converter" }));
    const repaired = await build();
    expect(converted(repaired)).toEqual(["blazeface", "facemesh"]);
    expect(repaired.at(-1)).toMatch(/2 models prepared, 1 already up to date in /);
    expect(loadManifest("facemesh", dir).converter).toBe(manifest.converter);
  });
});

describe("model cache lookups", () => {
  it("explains how to build a model that is missing", () => {
    expect(() => loadManifest("nope", dir)).toThrow(
      /model nope is not built \(.*nope\.manifest\.json is missing\): run npm run build -w @sitewatch\/edge-agent/,
    );
    expect(() => modelPath("no-such-model")).toThrow(/model no-such-model is not built/);
  });

  it("rejects manifests that are not JSON or do not match the schema", () => {
    writeFileSync(join(dir, "broken.manifest.json"), "{");
    expect(() => loadManifest("broken", dir)).toThrow(/broken\.manifest\.json is not valid JSON/);
    writeFileSync(
      join(dir, "partial.manifest.json"),
      JSON.stringify({ name: "partial", file: "partial.onnx" }),
    );
    expect(() => loadManifest("partial", dir)).toThrow(/partial\.manifest\.json is invalid/);
  });
});
