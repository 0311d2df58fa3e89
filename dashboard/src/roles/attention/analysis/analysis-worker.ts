/// <reference lib="webworker" />
import { measureFace } from "@sitewatch/shared-protocol/attention";
import { createFaceFollower, type TrackHint } from "@sitewatch/shared-protocol/face-mesh";
import { type FromWorker, MAX_FAILURES, MAX_FRAME_WIDTH, type ToWorker } from "./analysis-protocol.js";
import { createOrtRunner } from "./ort-runner.js";

// The Focus page's analysis, off the main thread: it reads the camera's frames itself (a transferred
// stream of VideoFrames) or gets one ImageBitmap at a time, reads their pixels through an
// OffscreenCanvas, runs both face models with onnxruntime-web and answers with numbers only.
const scope = self as unknown as DedicatedWorkerGlobalScope;
let follow: ReturnType<typeof createFaceFollower> | undefined;
// Where the learner's face is expected in the next frame; between detector frames only the mesh runs.
let hint: TrackHint | undefined;
let canvas: OffscreenCanvas | undefined;
let context: OffscreenCanvasRenderingContext2D | null = null;
let reader: ReadableStreamDefaultReader<VideoFrame> | undefined;

const post = (message: FromWorker) => scope.postMessage(message);

async function fetchModel(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

async function init(models: { detector: string; mesh: string }): Promise<void> {
  const started = performance.now();
  const [detector, meshModel] = await Promise.all([
    fetchModel(models.detector).then(createOrtRunner),
    fetchModel(models.mesh).then(createOrtRunner),
  ]);
  // One learner in front of their own camera: the largest face is theirs.
  follow = createFaceFollower({ detector, mesh: meshModel }, { maxFaces: 1 });
  hint = undefined;
  post({ type: "ready", loadMs: performance.now() - started });
}

/** The frame's pixels at most MAX_FRAME_WIDTH wide; the frame is closed here. */
function pixels(frame: ImageBitmap | VideoFrame): ImageData {
  const fullWidth = "displayWidth" in frame ? frame.displayWidth : frame.width;
  const fullHeight = "displayHeight" in frame ? frame.displayHeight : frame.height;
  const scale = Math.min(1, MAX_FRAME_WIDTH / fullWidth);
  const width = Math.round(fullWidth * scale);
  const height = Math.round(fullHeight * scale);
  if (!canvas || canvas.width !== width || canvas.height !== height) {
    canvas = new OffscreenCanvas(width, height);
    context = canvas.getContext("2d", { willReadFrequently: true });
  }
  try {
    if (!context) throw new Error("no 2D context on OffscreenCanvas");
    context.drawImage(frame, 0, 0, width, height);
    return context.getImageData(0, 0, width, height);
  } finally {
    frame.close();
  }
}

async function analyse(frame: ImageBitmap | VideoFrame) {
  if (!follow) {
    frame.close();
    throw new Error("the face models are not loaded yet");
  }
  const started = performance.now();
  const image = pixels(frame);
  const pixelImage = { width: image.width, height: image.height, data: image.data, channels: 4 as const };
  // A new frame size (camera switched, tab resized) invalidates the window in source pixels.
  if (hint && (hint.window.cx > image.width || hint.window.cy > image.height)) hint = undefined;
  const face = await follow(pixelImage, hint);
  hint = face?.hint;
  return { face: face ? measureFace(face.landmarks) : null, workerMs: performance.now() - started };
}

/**
 * Reads the camera at most `maxRate` frames a second. The source keeps only its newest frame, so a
 * slow device analyses fewer, fresh frames instead of queueing stale ones.
 */
async function consume(frames: ReadableStream<VideoFrame>, maxRate: number): Promise<void> {
  await reader?.cancel().catch(() => undefined);
  const mine = frames.getReader();
  reader = mine;
  // A new stream (resume, another camera) starts from a detector frame.
  hint = undefined;
  const interval = 1000 / maxRate;
  let next = 0;
  let failures = 0;
  for (;;) {
    const { value, done } = await mine.read();
    if (done || reader !== mine) {
      value?.close();
      return;
    }
    const now = performance.now();
    if (now < next) {
      value.close();
      continue;
    }
    // A quarter of slack: camera frames arrive with jitter, and a frame 1 ms early would otherwise be
    // skipped, halving a 30 fps camera's rate.
    next = now + interval * 0.75;
    const at = Date.now();
    try {
      post({ type: "streamed", at, ...(await analyse(value)) });
      failures = 0;
    } catch (err) {
      if (++failures >= MAX_FAILURES) {
        post({ type: "stream-error", message: String(err) });
        await mine.cancel().catch(() => undefined);
        return;
      }
    }
  }
}

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  if (msg.type === "init")
    init(msg.models).catch((err: unknown) => post({ type: "error", message: String(err) }));
  else if (msg.type === "frame")
    analyse(msg.bitmap).then(
      (result) => post({ type: "result", id: msg.id, at: msg.at, ...result }),
      (err: unknown) => post({ type: "error", id: msg.id, message: String(err) }),
    );
  else if (msg.type === "stream")
    consume(msg.frames, msg.maxRate).catch((err: unknown) =>
      post({ type: "stream-error", message: String(err) }),
    );
  else {
    void reader?.cancel().catch(() => undefined);
    reader = undefined;
  }
};
