import * as ort from "onnxruntime-node";
import type { InputTensor } from "../image/input-tensor.js";
import type { Candidate, Detection, DetectOptions, Detector, Frame } from "./detector.js";
import { type DetectDefaults, finalize, type ResolvedOptions, resolveOptions } from "./postprocess.js";

/** What every single-input ONNX detector needs once its model has been inspected. */
export interface OnnxDetectorParts {
  session: ort.InferenceSession;
  inputName: string;
  input: InputTensor;
  outputNames: readonly string[];
  labels: readonly string[];
  defaults: DetectDefaults;
}

/**
 * Shared plumbing of the ONNX detectors: one session and one preallocated input per detector,
 * resize → run → decode → NMS → source pixels. Calls are serialised because they share the input
 * buffer; a camera loop awaits each frame anyway, so this costs nothing there and keeps overlapping
 * callers (CLI + agent) correct.
 */
export abstract class OnnxDetector implements Detector {
  abstract readonly name: string;
  readonly labels: readonly string[];
  protected readonly defaults: DetectDefaults;
  protected readonly parts: OnnxDetectorParts;
  private readonly feed: ort.Tensor;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  protected constructor(parts: OnnxDetectorParts) {
    this.parts = parts;
    this.labels = parts.labels;
    this.defaults = parts.defaults;
    // Wraps (does not copy) the input's Float32Array, so refilling it is all a new frame needs.
    this.feed = new ort.Tensor("float32", parts.input.data, [...parts.input.dims]);
  }

  /** Model-specific: turn the raw outputs into candidates in model-input pixels. */
  protected abstract decode(
    outputs: ort.InferenceSession.OnnxValueMapType,
    opts: ResolvedOptions,
  ): Candidate[];

  detect(frame: Frame, opts?: DetectOptions): Promise<Detection[]> {
    const run = this.queue.then(() => this.detectNow(frame, opts));
    // The queue must survive a failed frame; the caller still sees the rejection through `run`.
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async detectNow(frame: Frame, opts?: DetectOptions): Promise<Detection[]> {
    if (this.closed) throw new Error(`${this.name} detector is closed`);
    const resolved = resolveOptions(this.labels, this.defaults, opts);
    const { session, input, inputName, outputNames } = this.parts;
    const transform = await input.fill(frame);
    const outputs = await session.run({ [inputName]: this.feed }, [...outputNames]);
    try {
      return finalize(this.decode(outputs, resolved), transform, this.labels, resolved);
    } finally {
      for (const value of Object.values(outputs)) value.dispose();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.parts.session.release();
  }
}

/** The output tensor `name` as float32 data + dims, or a clear error naming what the model gave. */
export function floatOutput(
  outputs: ort.InferenceSession.OnnxValueMapType,
  name: string,
): { data: Float32Array; dims: readonly number[] } {
  const value = outputs[name];
  if (!value) throw new Error(`model produced no output "${name}" (got ${Object.keys(outputs).join(", ")})`);
  if (value.type !== "float32") throw new Error(`output "${name}" is ${value.type}, expected float32`);
  return { data: value.data as Float32Array, dims: value.dims };
}
