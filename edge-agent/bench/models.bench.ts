import "../src/polyfills.js";
import { type BenchRow, reportBench } from "@sitewatch/testkit/bench";
import * as ort from "onnxruntime-node";
import sharp from "sharp";
import { media } from "../src/media.test-support.js";
import { modelPath } from "../src/models/model-cache.js";
import { createSession } from "../src/vision/runtime/ort-session.js";
import { ocrBench } from "./ocr-bench.js";
import { initTfjsWasm, loadHumanModel } from "./tfjs-reference.js";
import { rssMb, timeRuns } from "./timing.js";

// `npm run bench -w @sitewatch/edge-agent`: each converted model on onnxruntime-node against the same
// TF.js graph model on TF.js + WASM, same input, same thread count, in one run; then OCR det + rec.
const THREADS = 2;
const RUNS = process.argv.includes("--quick") ? 5 : 30;
const models = [
  { name: "centernet", image: "person.jpg", size: 512, target: "≤ 60 ms, ≥ 3× faster than TF.js-WASM" },
  { name: "blazeface", image: "astronaut.png", size: 256, target: "" },
  { name: "facemesh", image: "astronaut.png", size: 192, target: "≤ 15 ms" },
] as const;

async function nhwc(image: string, size: number): Promise<Float32Array> {
  const { data } = await sharp(media(image))
    .resize(size, size, { fit: "fill" })
    .removeAlpha()
    .raw()
    .toBuffer({
      resolveWithObject: true,
    });
  return Float32Array.from(data, (v) => v / 255);
}

const rows: BenchRow[] = [];
const log = (line: string) => console.error(`[bench] ${line}`);
const sessions: ort.InferenceSession[] = [];
const tf = await initTfjsWasm(THREADS);
for (const m of models) {
  const input = await nhwc(m.image, m.size);
  const before = rssMb();
  // Sessions stay open until the end so each one's memory adds up instead of reusing a released one's.
  const session = await createSession(modelPath(m.name), { threads: THREADS });
  sessions.push(session);
  const [inputName] = session.inputNames;
  if (!inputName) throw new Error(`${m.name} has no input`);
  const tensor = new ort.Tensor("float32", input, [1, m.size, m.size, 3]);
  const onnx = await timeRuns(() => session.run({ [inputName]: tensor }), RUNS);
  const sessionMb = rssMb() - before;

  const graph = await loadHumanModel(m.name);
  const x = tf.tensor(input, [1, m.size, m.size, 3]);
  const tfjs = await timeRuns(
    async () => {
      const out = (await graph.executeAsync(x)) as
        | import("@tensorflow/tfjs").Tensor
        | import("@tensorflow/tfjs").Tensor[];
      const list = Array.isArray(out) ? out : [out];
      await Promise.all(list.map((t) => t.data()));
      tf.dispose(list);
    },
    Math.max(5, Math.round(RUNS / 3)),
  );
  x.dispose();
  graph.dispose();
  log(`${m.name}: onnx ${onnx.median.toFixed(1)} ms, tfjs-wasm ${tfjs.median.toFixed(1)} ms`);
  const label = `${m.name} ${m.size}×${m.size}`;
  rows.push(
    { name: `${label}: onnxruntime median`, value: onnx.median, unit: "ms", target: m.target },
    { name: `${label}: onnxruntime p95`, value: onnx.p95, unit: "ms" },
    { name: `${label}: TF.js-WASM median`, value: tfjs.median, unit: "ms" },
    { name: `${label}: TF.js-WASM p95`, value: tfjs.p95, unit: "ms" },
    { name: `${label}: TF.js ÷ onnxruntime`, value: tfjs.median / onnx.median, unit: "×" },
    { name: `${label}: onnxruntime memory (session + runs)`, value: sessionMb, unit: "MB RSS growth" },
  );
}
rows.push(...(await ocrBench(RUNS, THREADS)));
for (const s of sessions) await s.release();
rows.push({ name: "process RSS at the end", value: rssMb(), unit: "MB" });

const how = [
  `${THREADS} threads for both runtimes (onnxruntime-node CPU provider, TF.js`,
  "@tensorflow/tfjs-backend-wasm with SIMD+threads when available). Same input tensor for both: the real picture",
  "resized to the model's input (NHWC, 0..1). Timed: session.run / executeAsync + reading every output, median and",
  `p95 of ${RUNS} runs (TF.js: a third as many) after 3 warm-up runs. Memory = RSS growth from creating the session`,
  "to the end of its runs, sessions kept open (approximate: memory freed earlier in the run is reused). OCR: PP-OCRv4 det + rec",
  "on a 640-wide rendered gate crop (text drawn by the bench). `npm run bench -w @sitewatch/edge-agent`.",
].join(" ");
if (process.argv.includes("--quick")) for (const r of rows) console.log(`${r.name}: ${r.value} ${r.unit}`);
else reportBench("edge-agent models", rows, how);
