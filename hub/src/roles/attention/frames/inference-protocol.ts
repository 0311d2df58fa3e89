import type { FaceSample } from "@sitewatch/shared-protocol/attention";
import type { TrackHint } from "@sitewatch/shared-protocol/face-mesh";

// How the inference pool and its worker threads talk, and how a worker is started.

/** What the pool hands a worker when it starts it. */
export interface WorkerSetup {
  /** Holds blazeface.onnx and facemesh.onnx. */
  modelDir: string;
  /** Scheduling priority of the worker thread (0 normal … 19 lowest). */
  nice: number;
}

/** One frame to analyse; `jpeg` is transferred, not copied. */
export interface InferenceJob {
  id: number;
  jpeg: Uint8Array;
  /** Where the session's face was in its last frame; without it the detector runs. */
  hint?: TrackHint;
}

/** A worker's answers: one `ready` or `failed` at start, then one `done` per job. */
export type WorkerMessage =
  | { type: "ready"; priority: { tid: number; nice: number } | { skipped: string } }
  | { type: "failed"; message: string }
  | {
      type: "done";
      id: number;
      /** The largest face's measures; null when the picture holds no face. */
      face: FaceSample | null;
      /** JPEG decode plus the models, in the worker. */
      inferenceMs: number;
      /** The face detector ran (no usable hint, or tracking lost the face). */
      detected: boolean;
      /** For the session's next frame; undefined when no face was found. */
      hint?: TrackHint;
    }
  | { type: "rejected"; id: number; code: "INVALID_IMAGE" | "INTERNAL"; message: string };

export const MODEL_FILES = ["blazeface.onnx", "facemesh.onnx"] as const;

/**
 * The URL to start a worker module from. The built hub runs the compiled `.js` next to its caller;
 * from TypeScript sources (vitest, the tsx benchmarks) the worker is booted through tsx's ESM hooks,
 * since a worker thread does not inherit the loader its parent was started with.
 */
export function workerEntry(callerUrl: string, name: string): URL {
  if (!callerUrl.endsWith(".ts")) return new URL(`./${name}.js`, callerUrl);
  const target = new URL(`./${name}.ts`, callerUrl).href;
  const api = tsxApi(callerUrl);
  const boot = [
    `const { register } = await import(${JSON.stringify(api)});`,
    "register();",
    `await import(${JSON.stringify(target)});`,
  ].join("\n");
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
}

function tsxApi(callerUrl: string): string {
  // import.meta.resolve is there under tsx but not in every test runner; the package's layout is the
  // fallback (tsx is a dev dependency of the repository, never needed by the built hub).
  const resolve = (import.meta as { resolve?: (s: string) => string }).resolve;
  if (resolve) {
    try {
      return resolve("tsx/esm/api");
    } catch {
      // fall through to the package layout
    }
  }
  return new URL("../../../../../node_modules/tsx/dist/esm/api/index.mjs", callerUrl).href;
}
