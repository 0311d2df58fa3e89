import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { prepareOcrModels } from "../vision/ocr/ocr-models.js";
import { currentManifest, writeCachedModel } from "./cache-writer.js";
import { CONVERTER_VERSION, convertGraphModel, type TensorInfo } from "./converter/convert.js";
import { HUMAN_MODELS, type HumanModelSpec } from "./human-models.js";
import type { FileDigest, ModelManifest } from "./manifest.js";
import { modelDir } from "./model-cache.js";
import { type BuildLog, ModelProgress } from "./model-progress.js";
import { loadGraphModel, sha256 } from "./tfjs/load-graph-model.js";

const CONVERTER = `sitewatch tfjs-to-onnx ${CONVERTER_VERSION}`;
const HUMAN = "@vladmandic/human";

/** A package's root folder (its exports map hides package.json, so walk up from the entry point). */
export function packageRoot(name: string): { dir: string; version: string } {
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      const json = JSON.parse(readFileSync(pkg, "utf8")) as { name?: string; version?: string };
      if (json.name === name) return { dir, version: json.version ?? "0.0.0" };
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the package folder of ${name}`);
    dir = up;
  }
}

/** Checksums of model.json and the shards it lists, relative to the package root. */
function sourceDigests(root: string, jsonPath: string): FileDigest[] {
  const json = readFileSync(join(root, jsonPath));
  const parsed = JSON.parse(json.toString("utf8")) as { weightsManifest?: { paths: string[] }[] };
  const folder = dirname(jsonPath);
  const shards = [...new Set((parsed.weightsManifest ?? []).flatMap((g) => g.paths))].map((p) =>
    join(folder, p),
  );
  return [
    { file: jsonPath, sha256: sha256(json), bytes: json.length },
    ...shards.map((file) => {
      const bytes = readFileSync(join(root, file));
      return { file, sha256: sha256(bytes), bytes: bytes.length };
    }),
  ];
}

async function buildHumanModel(
  dir: string,
  spec: HumanModelSpec,
  progress: ModelProgress,
): Promise<ModelManifest> {
  const pkg = packageRoot(HUMAN);
  const files = sourceDigests(pkg.dir, spec.json);
  const cached = currentManifest(dir, spec.name, files, CONVERTER);
  if (cached) {
    progress.upToDate();
    return cached;
  }
  const sourceBytes = files.reduce((sum, f) => sum + (f.bytes ?? 0), 0);
  const done = progress.begin(spec.name, "converting", {
    label: `${HUMAN} ${spec.json}`,
    bytes: sourceBytes,
  });
  const model = await loadGraphModel(join(pkg.dir, spec.json));
  const converted = convertGraphModel(model, {
    name: spec.name,
    outputNames: spec.outputNames ?? {},
    metadata: { source: `${HUMAN}@${pkg.version}/${spec.json}` },
  });
  const tensorSpec = (t: TensorInfo) => {
    if (!t.shape) throw new Error(`${spec.name}: ${t.name} has an unknown rank; the manifest needs shapes`);
    return { name: t.name, dtype: t.dtype, shape: t.shape };
  };
  const manifest = await writeCachedModel(
    dir,
    {
      name: spec.name,
      source: { package: HUMAN, version: pkg.version, files },
      converter: CONVERTER,
      inputs: converted.inputs.map(tensorSpec),
      outputs: converted.outputs.map(tensorSpec),
      ...(spec.labels ? { labels: [...spec.labels] } : {}),
      notes: spec.notes,
    },
    converted.bytes,
  );
  done(manifest.bytes);
  return manifest;
}

export interface BuildOptions {
  log?: BuildLog;
  /** Also prepare the OCR models (default true; tests of the converter leave them out). */
  ocr?: boolean;
}

/** Builds every model into `dir` (default: edge-agent/model-cache/), skipping up-to-date ones. */
export async function buildModels(dir = modelDir(), options: BuildOptions = {}): Promise<ModelManifest[]> {
  const progress = new ModelProgress(options.log ?? console.log);
  const manifests: ModelManifest[] = [];
  for (const spec of HUMAN_MODELS) manifests.push(await buildHumanModel(dir, spec, progress));
  if (options.ocr !== false) manifests.push(...(await prepareOcrModels(dir, progress)));
  progress.finish(dir);
  return manifests;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildModels();
