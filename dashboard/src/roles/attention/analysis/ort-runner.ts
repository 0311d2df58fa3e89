import { type ShapedRunner, sessionRunner } from "@sitewatch/shared-protocol/face-mesh";
// The runtime's WebAssembly as a hashed build asset (served by the hub with the dashboard, cached for
// good, never from a CDN); Vite emits the file once for this import and the bundle's own reference.
import ortWasmUrl from "onnxruntime-web/ort-wasm-simd-threaded.wasm?url";
import * as ort from "onnxruntime-web/wasm";

let configured = false;

/**
 * Single-threaded CPU WebAssembly: the hub does not send the cross-origin isolation headers that
 * threads need, and the analysis already runs in its own worker, so ort's proxy worker would only
 * add a hop. Set once, before the first session, as ort reads it at initialisation.
 */
function configure(): void {
  if (configured) return;
  configured = true;
  ort.env.wasm.wasmPaths = { wasm: new URL(ortWasmUrl, self.location.href).href };
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  ort.env.logLevel = "error";
}

/** One ONNX model (its bytes) as the face-mesh pipeline's runner, on onnxruntime-web's CPU backend. */
export async function createOrtRunner(model: Uint8Array): Promise<ShapedRunner> {
  configure();
  const session = await ort.InferenceSession.create(model, {
    executionProviders: ["wasm"],
    graphOptimizationLevel: "all",
  });
  return sessionRunner(session, (data, dims) => new ort.Tensor("float32", data, dims));
}
