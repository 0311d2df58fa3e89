import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setThreadsCount, setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { packageRoot } from "../src/models/build-models.js";

const require = createRequire(import.meta.url);

/** TF.js on its WebAssembly backend: the reference the ONNX conversion is measured against. */
export async function initTfjsWasm(threads: number): Promise<typeof tf> {
  const wasmDir = join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm")), "/");
  setWasmPaths(wasmDir);
  setThreadsCount(threads);
  await tf.setBackend("wasm");
  await tf.ready();
  return tf;
}

/** Loads one of @vladmandic/human's graph models from node_modules (model.json + its weight shards). */
export async function loadHumanModel(name: string): Promise<tf.GraphModel> {
  const dir = join(packageRoot("@vladmandic/human").dir, "models");
  const json = JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8")) as {
    modelTopology: unknown;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const buffers = json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(join(dir, p))));
  const data = Buffer.concat(buffers);
  const weightData = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  const handler = tf.io.fromMemory({
    modelTopology: json.modelTopology as object,
    weightSpecs: specs,
    weightData,
  });
  return tf.loadGraphModel(handler);
}
