import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FileDigest, ModelManifest } from "./manifest.js";
import { loadManifest, manifestFile } from "./model-cache.js";
import { sha256 } from "./tfjs/load-graph-model.js";

/** A manifest as a builder describes it; the file name, size and checksum are filled in on write. */
export type ManifestDraft = Omit<ModelManifest, "file" | "sha256" | "bytes">;

async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/**
 * Writes `<name>.onnx` then `<name>.manifest.json` (each via rename), so an interrupted build never
 * leaves a manifest describing a file that is not there.
 */
export async function writeCachedModel(
  dir: string,
  draft: ManifestDraft,
  onnx: Uint8Array,
): Promise<ModelManifest> {
  await mkdir(dir, { recursive: true });
  const file = `${draft.name}.onnx`;
  const manifest: ModelManifest = { ...draft, file, sha256: sha256(onnx), bytes: onnx.length };
  await writeAtomic(join(dir, file), onnx);
  await writeAtomic(join(dir, manifestFile(draft.name)), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

const sameFiles = (a: readonly FileDigest[], b: readonly FileDigest[]) =>
  a.length === b.length && a.every((f, i) => f.file === b[i]?.file && f.sha256 === b[i]?.sha256);

/**
 * The cached manifest when the model is current: same source file checksums, same converter, and
 * the .onnx (plus any extra files) still matching their recorded sha256. Otherwise undefined.
 */
export function currentManifest(
  dir: string,
  name: string,
  sources: readonly FileDigest[],
  converter: string,
): ModelManifest | undefined {
  let manifest: ModelManifest;
  try {
    manifest = loadManifest(name, dir);
  } catch {
    return undefined;
  }
  if (manifest.converter !== converter || !sameFiles(manifest.source.files, sources)) return undefined;
  const intact = (f: { file: string; sha256: string }) => {
    const path = join(dir, f.file);
    return existsSync(path) && sha256(readFileSync(path)) === f.sha256;
  };
  if (!intact(manifest) || !(manifest.extraFiles ?? []).every(intact)) return undefined;
  return manifest;
}
