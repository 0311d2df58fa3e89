import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ModelManifest, modelManifestSchema } from "./manifest.js";

// src/models/ and dist/models/ are both two levels below the package root, so one relative URL
// finds edge-agent/model-cache/ from the sources (tests, tsx) and the compiled build alike.
const CACHE_URL = new URL("../../model-cache/", import.meta.url);

const notBuilt = (name: string, what: string) =>
  new Error(`model ${name} is not built (${what}): run npm run build -w @sitewatch/edge-agent`);

/** The model cache folder (edge-agent/model-cache/). */
export function modelDir(): string {
  return fileURLToPath(CACHE_URL);
}

export const manifestFile = (name: string): string => `${name}.manifest.json`;

/** Path of a built model's ONNX file; throws the "run the build" error when it is missing. */
export function modelPath(name: string): string {
  const path = join(modelDir(), `${name}.onnx`);
  if (!existsSync(path)) throw notBuilt(name, `${path} is missing`);
  return path;
}

/** Reads and validates `<name>.manifest.json` from `dir` (default: the model cache). */
export function loadManifest(name: string, dir = modelDir()): ModelManifest {
  const path = join(dir, manifestFile(name));
  if (!existsSync(path)) throw notBuilt(name, `${path} is missing`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw notBuilt(name, `${path} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = modelManifestSchema.safeParse(raw);
  if (!parsed.success) throw notBuilt(name, `${path} is invalid: ${parsed.error.message}`);
  return parsed.data;
}
