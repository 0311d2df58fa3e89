import { type Analysis, type FromWorker, MODEL_URLS, type ToWorker } from "./analysis-protocol.js";

/** Turns video frames into face measurements; the Focus page takes any, tests pass a fake. */
export interface FaceAnalyser {
  /** Loads the models; resolves once frames can be analysed. */
  start(): Promise<void>;
  /** One frame (the bitmap is handed over and closed); callers keep at most one in flight. */
  analyse(bitmap: ImageBitmap, at: number): Promise<Analysis>;
  /**
   * Optional: the analyser reads a camera's frames itself, at most `maxRate` a second, and calls
   * `onAnalysis` per analysed frame, until the stream ends or `stopStream`. `onError` once it gives up.
   */
  analyseStream?(frames: ReadableStream<VideoFrame>, handlers: StreamHandlers, maxRate: number): void;
  stopStream?(): void;
  stop(): void;
}

export interface StreamHandlers {
  onAnalysis(analysis: Analysis): void;
  onError(err: Error): void;
}

type Pending = { resolve(a: Analysis): void; reject(err: Error): void };

/**
 * The face models in a module Web Worker (analysis-worker.ts), so inference never blocks the page:
 * the worker reads the camera's frame stream itself where the browser can hand one over (Chromium),
 * otherwise the main thread grabs a bitmap per frame and posts it. Vite bundles the worker from this
 * literal URL.
 */
export class WorkerFaceAnalyser implements FaceAnalyser {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private stream: StreamHandlers | undefined;

  constructor(private readonly models: { detector: string; mesh: string } = MODEL_URLS) {}

  start(): Promise<void> {
    const worker = new Worker(new URL("./analysis-worker.ts", import.meta.url), { type: "module" });
    this.worker = worker;
    return new Promise((resolve, reject) => {
      worker.onerror = (e) => this.fail(new Error(e.message || "the analysis worker failed"), reject);
      worker.onmessage = (e: MessageEvent<FromWorker>) => {
        const msg = e.data;
        if (msg.type === "ready") resolve();
        else if (msg.type === "streamed")
          this.stream?.onAnalysis({ at: msg.at, face: msg.face, workerMs: msg.workerMs });
        else if (msg.type === "stream-error") {
          this.stream?.onError(new Error(msg.message));
          this.stream = undefined;
        } else if (msg.type === "result") {
          const p = this.pending.get(msg.id);
          this.pending.delete(msg.id);
          p?.resolve({ at: msg.at, face: msg.face, workerMs: msg.workerMs });
        } else if (msg.id === undefined) this.fail(new Error(msg.message), reject);
        else {
          this.pending.get(msg.id)?.reject(new Error(msg.message));
          this.pending.delete(msg.id);
        }
      };
      this.post({ type: "init", models: absolute(this.models) });
    });
  }

  analyse(bitmap: ImageBitmap, at: number): Promise<Analysis> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (!this.worker) {
        bitmap.close();
        reject(new Error("the analyser is not started"));
        return;
      }
      this.pending.set(id, { resolve, reject });
      this.post({ type: "frame", id, at, bitmap }, [bitmap]);
    });
  }

  analyseStream(frames: ReadableStream<VideoFrame>, handlers: StreamHandlers, maxRate: number): void {
    this.stream = handlers;
    this.post({ type: "stream", frames, maxRate }, [frames as unknown as Transferable]);
  }

  stopStream(): void {
    this.stream = undefined;
    this.post({ type: "stop-stream" });
  }

  stop(): void {
    this.stream = undefined;
    this.worker?.terminate();
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(new Error("the analyser stopped"));
    this.pending.clear();
  }

  private post(message: ToWorker, transfer: Transferable[] = []): void {
    this.worker?.postMessage(message, transfer);
  }

  private fail(err: Error, reject: (err: Error) => void): void {
    reject(err);
    // A worker that died mid-session (out of memory, say) ends the stream's analyses too.
    this.stream?.onError(err);
    this.stream = undefined;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

// A worker bundled under /assets resolves relative URLs against its own script, not the page.
function absolute(models: { detector: string; mesh: string }) {
  const base = globalThis.location?.href ?? "http://localhost/";
  return { detector: new URL(models.detector, base).href, mesh: new URL(models.mesh, base).href };
}
