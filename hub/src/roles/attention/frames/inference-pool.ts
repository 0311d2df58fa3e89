import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { FaceSample } from "@sitewatch/shared-protocol/attention";
// Loaded on the main thread too, so FFmpeg's libraries stay loaded while workers come and go
// (unloading a native addon's libraries when the last worker exits crashes the process on glibc).
import "node-av/lib";
import type { TrackHint } from "@sitewatch/shared-protocol/face-mesh";
import type { Logger } from "../../../observability/logger.js";
import { MODEL_FILES, type WorkerMessage, type WorkerSetup, workerEntry } from "./inference-protocol.js";

export type InferenceOutcome =
  | { ok: true; face: FaceSample | null; inferenceMs: number; detected: boolean; hint?: TrackHint }
  | { ok: false; code: "INVALID_IMAGE" | "INTERNAL"; message: string };

export interface InferencePoolOptions {
  size: number;
  modelDir: string;
  /** Scheduling priority of the worker threads (0 normal … 19 lowest), so live traffic comes first. */
  nice: number;
  logger: Logger;
  /** A worker became free: the caller may hand it the next frame. */
  onFree: () => void;
}

interface Slot {
  worker: Worker;
  priority?: Extract<WorkerMessage, { type: "ready" }>["priority"];
  job?: { id: number; resolve: (outcome: InferenceOutcome) => void };
}

/** Thrown by start() when the models are missing or do not load; the hub runs on without frames. */
export class ModelsUnavailable extends Error {
  override name = "ModelsUnavailable";
}

// A worker that died is replaced after this pause, so a model that crashes on load cannot spin.
const RESPAWN_MS = 1_000;
// After the workers failed to start, clients are refused this long before the next attempt.
const RETRY_START_MS = 30_000;

/**
 * Face inference in worker threads, never on the event loop that serves live traffic. Workers start
 * on the first start() (the first frame connection), each runs one frame at a time; run() is only
 * called while `free` > 0, and `onFree` says when that changes.
 */
export class InferencePool {
  private readonly slots: Slot[] = [];
  private starting: Promise<void> | undefined;
  private stopped = false;
  private nextId = 1;

  constructor(private readonly options: InferencePoolOptions) {}

  /** Workers that are ready and idle. */
  get free(): number {
    let n = 0;
    for (const slot of this.slots) if (!slot.job) n += 1;
    return n;
  }

  /** Starts the workers once; later calls wait for the same start. Rejects with ModelsUnavailable. */
  start(): Promise<void> {
    this.starting ??= this.spawnAll().catch((err: unknown) => {
      // A broken model stays broken for a while: later clients get the same answer without a respawn.
      setTimeout(() => {
        this.starting = undefined;
      }, RETRY_START_MS).unref();
      throw err;
    });
    return this.starting;
  }

  run(jpeg: Uint8Array, hint?: TrackHint): Promise<InferenceOutcome> {
    const slot = this.slots.find((s) => !s.job);
    if (!slot) throw new Error("inference pool: run() with no free worker");
    const id = this.nextId++;
    // The frame's bytes are a view into the socket's buffer (Buffer#slice would be one too): copy
    // them once, then move the copy.
    const own = new Uint8Array(jpeg);
    return new Promise((resolve) => {
      slot.job = { id, resolve };
      slot.worker.postMessage({ id, jpeg: own, hint }, [own.buffer]);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const slots = this.slots.splice(0);
    for (const slot of slots)
      slot.job?.resolve({ ok: false, code: "INTERNAL", message: "the hub is stopping" });
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private async spawnAll(): Promise<void> {
    const missing = MODEL_FILES.filter((f) => !existsSync(join(this.options.modelDir, f)));
    if (missing.length > 0)
      throw new ModelsUnavailable(`face models missing in ${this.options.modelDir}: ${missing.join(", ")}`);
    const slots = await Promise.all(Array.from({ length: this.options.size }, () => this.spawn()));
    if (this.stopped) {
      await Promise.all(slots.map((s) => s.worker.terminate()));
      return;
    }
    for (const slot of slots) this.adopt(slot);
    const priorities = slots.map((s) => s.priority);
    this.options.logger.info(
      { workers: slots.length, priorities },
      "attention frame inference workers ready",
    );
  }

  /** Starts one worker and waits for its models to load. */
  private spawn(): Promise<Slot> {
    const setup: WorkerSetup = { modelDir: this.options.modelDir, nice: this.options.nice };
    const worker = new Worker(workerEntry(import.meta.url, "inference-worker"), { workerData: setup });
    return new Promise((resolve, reject) => {
      const fail = (message: string) => {
        void worker.terminate();
        reject(new ModelsUnavailable(`face models failed to load: ${message}`));
      };
      worker.once("error", (err) => fail(err.message));
      worker.once("message", (m: WorkerMessage) => {
        worker.removeAllListeners("error");
        if (m.type === "ready") resolve({ worker, priority: m.priority });
        else fail(m.type === "failed" ? m.message : `unexpected ${m.type}`);
      });
    });
  }

  private adopt(slot: Slot): void {
    this.slots.push(slot);
    slot.worker.on("message", (m: WorkerMessage) => {
      const job = slot.job;
      if (!job || !("id" in m) || m.id !== job.id) return;
      slot.job = undefined;
      job.resolve(
        m.type === "done"
          ? { ok: true, face: m.face, inferenceMs: m.inferenceMs, detected: m.detected, hint: m.hint }
          : { ok: false, code: m.code, message: m.message },
      );
      this.options.onFree();
    });
    const lost = (why: string) => this.replace(slot, why);
    slot.worker.on("error", (err) => lost(err.message));
    slot.worker.on("exit", (code) => lost(`exited with code ${code}`));
  }

  private replace(slot: Slot, why: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0 || this.stopped) return;
    this.slots.splice(index, 1);
    slot.job?.resolve({ ok: false, code: "INTERNAL", message: "the inference worker stopped" });
    this.options.logger.error({ why }, "attention inference worker lost; replacing it");
    void slot.worker.terminate();
    setTimeout(() => {
      if (this.stopped) return;
      this.spawn().then(
        (fresh) => {
          if (this.stopped) return void fresh.worker.terminate();
          this.adopt(fresh);
          this.options.onFree();
        },
        (err: unknown) => this.options.logger.error({ err }, "attention inference worker did not restart"),
      );
    }, RESPAWN_MS).unref();
  }
}
