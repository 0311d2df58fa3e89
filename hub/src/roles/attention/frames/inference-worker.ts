import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { measureFace } from "@sitewatch/shared-protocol/attention";
import { createFaceFollower, type Point3, sessionRunner } from "@sitewatch/shared-protocol/face-mesh";
import * as ort from "onnxruntime-node";
import {
  type InferenceJob,
  MODEL_FILES,
  type WorkerMessage,
  type WorkerSetup,
} from "./inference-protocol.js";
import { InvalidImageError, JpegDecoder } from "./jpeg-decoder.js";
import { lowerThreadPriority } from "./thread-priority.js";

// One inference thread: a worker analyses one frame at a time, and the pool runs one worker per core
// it may use, so more threads would only compete with each other and with the event loop.
const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: "sequential",
  graphOptimizationLevel: "all",
};
// A 640×480 webcam picture is 0.3 MP; anything past this is not a webcam frame and would cost memory.
const MAX_INPUT_PIXELS = 4096 * 4096;

const port = parentPort;
if (!port) throw new Error("inference-worker runs as a worker thread");
const post = (message: WorkerMessage) => port.postMessage(message);

async function loadPipeline(modelDir: string) {
  const tensor = (data: Float32Array, dims: readonly number[]) => new ort.Tensor("float32", data, dims);
  const [detector, mesh] = await Promise.all(
    MODEL_FILES.map((f) => ort.InferenceSession.create(join(modelDir, f), SESSION_OPTIONS)),
  );
  if (!detector || !mesh) throw new Error("face models did not load");
  // The session's hint travels with each job, so any worker can follow any session's face.
  return createFaceFollower({ detector: sessionRunner(detector, tensor), mesh: sessionRunner(mesh, tensor) });
}

async function main(): Promise<void> {
  const setup = workerData as WorkerSetup;
  let analyse: Awaited<ReturnType<typeof loadPipeline>>;
  const decoder = new JpegDecoder(MAX_INPUT_PIXELS);
  try {
    decoder.start();
    analyse = await loadPipeline(setup.modelDir);
  } catch (err) {
    post({ type: "failed", message: err instanceof Error ? err.message : String(err) });
    return;
  }
  const analyseJob = async (job: InferenceJob) => {
    const started = performance.now();
    try {
      const image = decoder.decode(job.jpeg);
      const found = await analyse(image, job.hint);
      post({
        type: "done",
        id: job.id,
        face: found ? measureFace(found.landmarks as Point3[]) : null,
        inferenceMs: performance.now() - started,
        // The follower ran the detector unless it tracked the face from the hint.
        detected: !found || found.hint.tracked === 0,
        hint: found?.hint,
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const code = err instanceof InvalidImageError ? "INVALID_IMAGE" : "INTERNAL";
      post({ type: "rejected", id: job.id, code, message });
    }
  };
  // The pool sends one job at a time; chaining keeps it so anyway, since the decoder's picture is
  // only valid until its next frame.
  let previous = Promise.resolve();
  port?.on("message", (job: InferenceJob) => {
    previous = previous.then(() => analyseJob(job));
  });
  post({ type: "ready", priority: lowerThreadPriority(setup.nice) });
}

void main();
