import * as ort from "onnxruntime-node";

export interface SessionOptions {
  /** Intra-op threads; default: onnxruntime's choice (all cores). */
  threads?: number;
  /** Preferred providers in order; GPU ones are used only when this build of onnxruntime has them. */
  providers?: readonly ("tensorrt" | "cuda" | "cpu")[];
  /**
   * Let idle worker threads spin for the next run (default false). Spinning shaves a little off
   * back-to-back inferences but burns a core that the JavaScript side (decode, crops, NMS) needs
   * between runs on a 2-core box.
   */
  spin?: boolean;
}

/**
 * Execution providers actually available here. CUDA/TensorRT need a GPU build of onnxruntime
 * (`bundled: false` means the shared libraries were not installed), so on a stock install this is
 * ["cpu"] and the product never needs a GPU.
 */
export function availableProviders(): string[] {
  return ort
    .listSupportedBackends()
    .filter((b) => b.bundled || b.name === "cpu")
    .map((b) => b.name);
}

/** Creates a session once; callers keep and reuse it for every frame. */
export async function createSession(
  model: string | Uint8Array,
  opts: SessionOptions = {},
): Promise<ort.InferenceSession> {
  const available = new Set(availableProviders());
  const wanted = opts.providers ?? ["tensorrt", "cuda", "cpu"];
  const providers = wanted.filter((p) => available.has(p));
  if (!providers.includes("cpu")) providers.push("cpu");
  const options: ort.InferenceSession.SessionOptions = {
    executionProviders: providers,
    graphOptimizationLevel: "all",
    extra: { session: { intra_op: { allow_spinning: opts.spin ? "1" : "0" } } },
    ...(opts.threads ? { intraOpNumThreads: opts.threads, interOpNumThreads: 1 } : {}),
  };
  return typeof model === "string"
    ? ort.InferenceSession.create(model, options)
    : ort.InferenceSession.create(model, options);
}
