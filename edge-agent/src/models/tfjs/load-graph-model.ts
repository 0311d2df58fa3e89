import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { asGraphModelJson, type GraphModelJson } from "./graph-model-json.js";
import { decodeWeights, type HostTensor } from "./weights.js";

export interface SourceFile {
  /** File name relative to the model.json's folder (as the manifest lists it). */
  file: string;
  sha256: string;
  bytes: number;
}

export interface LoadedGraphModel {
  json: GraphModelJson;
  weights: Map<string, HostTensor>;
  /** model.json first, then the shards in manifest order. */
  files: SourceFile[];
}

export const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** Builds a loaded model from an in-memory model.json object and its shard bytes (tests use this). */
export function graphModelFromMemory(
  json: unknown,
  shards: ReadonlyMap<string, Uint8Array>,
): LoadedGraphModel {
  const model = asGraphModelJson(json, "model.json");
  return { json: model, weights: decodeWeights(model.weightsManifest, shards), files: [] };
}

/** Reads model.json and the weight shards it names (paths relative to its folder). */
export async function loadGraphModel(modelJsonPath: string): Promise<LoadedGraphModel> {
  const jsonBytes = await readFile(modelJsonPath);
  const json = asGraphModelJson(JSON.parse(jsonBytes.toString("utf8")), modelJsonPath);
  const folder = dirname(modelJsonPath);
  const files: SourceFile[] = [
    { file: basename(modelJsonPath), sha256: sha256(jsonBytes), bytes: jsonBytes.length },
  ];
  const shards = new Map<string, Uint8Array>();
  for (const path of json.weightsManifest.flatMap((g) => g.paths)) {
    if (shards.has(path)) continue;
    const bytes = await readFile(join(folder, path));
    shards.set(path, bytes);
    files.push({ file: path, sha256: sha256(bytes), bytes: bytes.length });
  }
  return { json, weights: decodeWeights(json.weightsManifest, shards), files };
}
