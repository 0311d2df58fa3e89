import { access, constants, stat } from "node:fs/promises";
import { loadManifest, modelPath } from "../../models/model-cache.js";
import { CenternetDetector } from "./centernet-detector.js";
import type { Detector } from "./detector.js";
import { YoloDetector } from "./yolo-detector.js";

/** Models built into the edge agent, by name. Everything else must be a path to a YOLO .onnx file. */
export const BUILT_IN_DETECTORS = ["centernet"] as const;

export interface CreateDetectorOptions {
  /** "centernet" (default, from the model cache) or a path to an Ultralytics YOLO v8/v11 .onnx export. */
  model?: string;
  /** Intra-op threads for onnxruntime; default: onnxruntime's choice. */
  threads?: number;
  /** Class names for a YOLO model without Ultralytics metadata. */
  labels?: readonly string[];
}

/** Fails with a message that says what was wrong with the file and what would work. */
async function assertReadableFile(path: string, what: string, hint: string): Promise<void> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error("not a file");
    await access(path, constants.R_OK);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new Error(`cannot read ${what} ${path} (${reason}); ${hint}`, { cause: err });
  }
}

/**
 * The one way the agent and the CLI get a detector: the converted centernet from the build's model
 * cache by default, or any Ultralytics YOLO detection export given by path.
 */
export async function createDetector(opts: CreateDetectorOptions = {}): Promise<Detector> {
  const model = opts.model ?? "centernet";
  const threads = opts.threads ? { threads: opts.threads } : {};
  if (model === "centernet") {
    // Both throw "not built: run the build" when the cache is missing; the manifest is the label contract.
    const path = modelPath("centernet");
    const { labels } = loadManifest("centernet");
    return CenternetDetector.create(path, { ...threads, ...(labels ? { labels } : {}) });
  }
  if (!/\.onnx$/i.test(model)) {
    throw new Error(
      `unknown detector model "${model}": use ${BUILT_IN_DETECTORS.map((m) => `"${m}"`).join(", ")} ` +
        "or a path to an Ultralytics YOLO .onnx file",
    );
  }
  await assertReadableFile(model, "YOLO model", "give the path to an Ultralytics YOLO v8/v11 ONNX export");
  try {
    return await YoloDetector.create(model, { ...threads, ...(opts.labels ? { labels: opts.labels } : {}) });
  } catch (err) {
    throw new Error(`cannot load YOLO model ${model}: ${(err as Error).message}`, { cause: err });
  }
}
