import * as ort from "onnxruntime-node";
import { type ImageSource, loadRgb, type RawImage } from "../image/raw-image.js";
import { createSession, type SessionOptions } from "../runtime/ort-session.js";
import { ctcGreedyDecode } from "./ctc-decode.js";
import { type DbOptions, extractDbBoxes } from "./db-postprocess.js";
import { type DetSizeOptions, detPreprocess } from "./det-preprocess.js";
import { assertAlphabetFits, ctcAlphabet, loadKeysFile } from "./dictionary.js";
import { type Quad, type RotatedRect, rectCorners, sortReadingOrder } from "./geometry.js";
import { cachedOcrModels, type OcrModelFiles, packagedOcrModels } from "./ocr-model-files.js";
import { planBatches, recBatch } from "./rec-batch.js";
import { cropTextLine } from "./text-crop.js";

export interface OcrLine {
  text: string;
  /** Mean per-character probability, 0..1. */
  confidence: number;
  /** Corners tl, tr, br, bl in source pixels (the line may be rotated; corners may lie just outside the image). */
  box: Quad;
  /** Axis-aligned bounds [x1, y1, x2, y2] in source pixels, clamped to the image. */
  xyxy: [number, number, number, number];
}

export interface OcrResult {
  lines: OcrLine[];
}

/** What the recogniser read in one region. */
export interface OcrRead {
  text: string;
  confidence: number;
}

export interface OcrOptions extends SessionOptions {
  /** "cache" (default): edge-agent/model-cache; "package": straight from node_modules (tests, before a build). */
  models?: "cache" | "package" | OcrModelFiles;
  det?: Partial<DetSizeOptions & DbOptions>;
  /** Lines read with lower confidence are dropped (PaddleOCR's drop_score). */
  minConfidence?: number;
  /** Text lines recognised per rec run. */
  batchSize?: number;
}

/** PP-OCRv4 text reading: DB detection, straightened line crops, CTC recognition. */
export class Ocr {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** The last detector input, filled again for the next picture of the same size (runs are serialised). */
  private detInput?: Float32Array;

  private constructor(
    private readonly det: ort.InferenceSession,
    private readonly rec: ort.InferenceSession,
    private readonly alphabet: readonly string[],
    private readonly options: OcrOptions,
  ) {}

  /** Loads both models once; keep the instance and call `recognize` per image. */
  static async create(options: OcrOptions = {}): Promise<Ocr> {
    const source = options.models ?? "cache";
    const files =
      source === "cache" ? cachedOcrModels() : source === "package" ? packagedOcrModels() : source;
    const keys = await loadKeysFile(files.keys);
    const alphabet = ctcAlphabet(keys);
    const det = await createSession(files.det, options);
    try {
      const rec = await createSession(files.rec, options);
      try {
        const meta = rec.outputMetadata[0];
        const classes = meta?.isTensor ? meta.shape.at(-1) : undefined;
        if (typeof classes !== "number")
          throw new Error(`rec model ${files.rec} has no fixed class dimension`);
        assertAlphabetFits(alphabet, classes);
        return new Ocr(det, rec, alphabet, options);
      } catch (err) {
        await rec.release();
        throw err;
      }
    } catch (err) {
      await det.release();
      throw err;
    }
  }

  /** Finds and reads the text lines of an image; calls are serialised (the sessions are shared). */
  recognize(image: ImageSource): Promise<OcrResult> {
    return this.serialised(() => this.recognizeNow(image));
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.closed) throw new Error("Ocr is closed");
      return work();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Detection alone: the decoded image and its text-line rectangles in source pixels, in reading
   * order, for callers that choose which regions are worth recognising.
   */
  detectRegions(source: ImageSource): Promise<{ image: RawImage; rects: RotatedRect[] }> {
    return this.serialised(async () => {
      const image = await loadRgb(source);
      return { image, rects: await this.detect(image) };
    });
  }

  /**
   * Recognition of crops the caller made itself (REC_HEIGHT pixels high), e.g. a layout of several
   * regions. `batchSize` overrides the instance's: crops in one batch are padded to the widest,
   * which can change what a short crop reads.
   */
  readCrops(crops: readonly RawImage[], batchSize?: number): Promise<OcrRead[]> {
    return this.serialised(() => (crops.length === 0 ? Promise.resolve([]) : this.read(crops, batchSize)));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.det.release();
    await this.rec.release();
  }

  private async recognizeNow(source: ImageSource): Promise<OcrResult> {
    if (this.closed) throw new Error("Ocr is closed");
    const image = await loadRgb(source);
    const rects = await this.detect(image);
    const crops = rects.map((rect) => cropTextLine(image, rect));
    const reads = await this.read(crops);
    const minConfidence = this.options.minConfidence ?? 0.5;
    const lines: OcrLine[] = [];
    rects.forEach((rect, i) => {
      const read = reads[i];
      if (!read || read.text.trim() === "" || read.confidence < minConfidence) return;
      lines.push({ text: read.text, confidence: read.confidence, ...sourceBox(rect, image) });
    });
    return { lines };
  }

  /** Text-line rectangles in source pixels, in reading order. */
  private async detect(image: RawImage): Promise<RotatedRect[]> {
    const input = await detPreprocess(image, this.options.det, this.detInput);
    this.detInput = input.data;
    const tensor = new ort.Tensor("float32", input.data, input.dims);
    const outputs = await this.det.run({ [this.det.inputNames[0] as string]: tensor });
    try {
      const prob = outputs[this.det.outputNames[0] as string];
      if (prob?.type !== "float32") throw new Error("det model gave no float32 probability map");
      const [, , height, width] = prob.dims;
      const boxes = extractDbBoxes(
        { data: prob.data as Float32Array, width: width ?? 0, height: height ?? 0 },
        this.options.det,
      );
      const { scaleX, scaleY } = input.layout;
      const toSource = boxes.map(({ rect }) => ({
        rect: {
          cx: rect.cx / scaleX,
          cy: rect.cy / scaleY,
          width: rect.width / ((scaleX + scaleY) / 2),
          height: rect.height / ((scaleX + scaleY) / 2),
          angle: rect.angle,
        },
      }));
      return sortReadingOrder(toSource).map((b) => b.rect);
    } finally {
      for (const value of Object.values(outputs)) value.dispose();
    }
  }

  /** Recognises crops in width-sorted batches; results come back in crop order. */
  private async read(crops: readonly RawImage[], batchSize?: number): Promise<OcrRead[]> {
    const results: OcrRead[] = new Array(crops.length);
    const inputName = this.rec.inputNames[0] as string;
    for (const batch of planBatches(
      crops.map((c) => c.width),
      batchSize ?? this.options.batchSize ?? 6,
    )) {
      const input = recBatch(batch.map((i) => crops[i] as RawImage));
      const outputs = await this.rec.run({ [inputName]: new ort.Tensor("float32", input.data, input.dims) });
      try {
        const probs = outputs[this.rec.outputNames[0] as string];
        if (probs?.type !== "float32") throw new Error("rec model gave no float32 output");
        const steps = probs.dims[1] ?? 0;
        batch.forEach((cropIndex, item) => {
          results[cropIndex] = ctcGreedyDecode(probs.data as Float32Array, steps, this.alphabet, item);
        });
      } finally {
        for (const value of Object.values(outputs)) value.dispose();
      }
    }
    return results;
  }
}

function sourceBox(rect: RotatedRect, image: RawImage): Pick<OcrLine, "box" | "xyxy"> {
  const box = rectCorners(rect);
  const xs = box.map((p) => p[0]);
  const ys = box.map((p) => p[1]);
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  return {
    box,
    xyxy: [
      clamp(Math.min(...xs), image.width),
      clamp(Math.min(...ys), image.height),
      clamp(Math.max(...xs), image.width),
      clamp(Math.max(...ys), image.height),
    ],
  };
}
