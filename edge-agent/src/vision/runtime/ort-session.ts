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
  /**
   * Let onnxruntime plan one block for all of a run's intermediate tensors from the first run (default false).
   * The plan is sized for every tensor alive at once and kept for good: for centernet it added ~50 MB of RSS,
   * which the 16-camera bench's < 500 MB target cannot spare. Without it a lone inference takes as long, but
   * under 16 cameras at 1 s the process used ~5–8 % of one core more; pass true where CPU matters more.
   */
  memPattern?: boolean;
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
    enableMemPattern: opts.memPattern ?? false,
    extra: { session: { intra_op: { allow_spinning: opts.spin ? "1" : "0" } } },
    ...(opts.threads ? { intraOpNumThreads: opts.threads, interOpNumThreads: 1 } : {}),
  };
  return typeof model === "string"
    ? ort.InferenceSession.create(model, options)
    : ort.InferenceSession.create(model, options);
}
