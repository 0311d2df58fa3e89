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

/** The status column of a build log line ("<name padded to 10> <status padded to 10> ..."). */
const status = (lines: string[], name: string) =>
  lines
    .find((l) => l.startsWith(`${name} `))
    ?.slice(11, 21)
    .trim();

describe("buildModels", () => {
  it("converts the human models into the cache with validated manifests", async () => {
    const lines = await build();
    expect(lines.map((l) => l.split(/\s+/).slice(0, 2).join(" "))).toEqual([
      "centernet built",
      "blazeface built",
      "facemesh built",
    ]);
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
    expect(again.every((l) => l.includes("up to date"))).toBe(true);
    expect(statSync(join(dir, "centernet.onnx")).mtimeMs).toBe(mtime);

    writeFileSync(join(dir, "blazeface.onnx"), "not a model");
    const manifestPath = join(dir, "facemesh.manifest.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { converter: string };
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, converter: "older converter" }));
    const repaired = await build();
    expect(status(repaired, "centernet")).toBe("up to date");
    expect(status(repaired, "blazeface")).toBe("built");
    expect(status(repaired, "facemesh")).toBe("built");
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
