import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import * as ort from "onnxruntime-node";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { hasMedia, media } from "../media.test-support.js";
import { packageRoot } from "./build-models.js";
import { type ConvertedModel, convertGraphModel } from "./converter/convert.js";
import { HUMAN_MODELS } from "./human-models.js";
import { type LoadedGraphModel, loadGraphModel } from "./tfjs/load-graph-model.js";

const require = createRequire(import.meta.url);

interface Case {
  name: string;
  image: string;
  size: number;
  /** Region of the image the model sees (facemesh gets the astronaut's face, as after blazeface). */
  crop?: { left: number; top: number; width: number; height: number };
  normalise: (v: number) => number;
}

const cases: Case[] = [
  { name: "centernet", image: "person.jpg", size: 512, normalise: (v) => v },
  { name: "blazeface", image: "astronaut.png", size: 256, normalise: (v) => v / 127.5 - 1 },
  {
    name: "facemesh",
    image: "astronaut.png",
    size: 192,
    // Around the face blazeface finds in astronaut.png (centre ≈ 225, 127; size ≈ 105), enlarged 1.4×.
    crop: { left: 150, top: 52, width: 150, height: 150 },
    normalise: (v) => v / 255,
  },
];

async function pixels(c: Case): Promise<Float32Array> {
  let img = sharp(media(c.image));
  if (c.crop) img = img.extract(c.crop);
  const { data } = await img.resize(c.size, c.size, { fit: "fill" }).removeAlpha().raw().toBuffer({
    resolveWithObject: true,
  });
  return Float32Array.from(data, c.normalise);
}

/** TF.js graph model from the already-decoded weights, through an in-memory IO handler. */
async function tfjsModel(model: LoadedGraphModel): Promise<tf.GraphModel> {
  const specs = model.json.weightsManifest.flatMap((g) => g.weights);
  const parts = specs.map((s) => {
    const t = model.weights.get(s.name);
    if (!t) throw new Error(`weight ${s.name} missing`);
    return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  });
  const data = Buffer.concat(parts);
  // The decoded weights are plain (dequantized) float32/int32, so describe them without quantization.
  const weightSpecs = specs.map(({ quantization: _q, ...s }) => s) as tf.io.WeightsManifestEntry[];
  const weightData = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  return tf.loadGraphModel(
    tf.io.fromMemory({ modelTopology: model.json.modelTopology, weightSpecs, weightData }),
  );
}

interface Outputs {
  tfjs: Map<string, Float32Array>;
  onnx: Map<string, Float32Array>;
  converted: ConvertedModel;
}

async function runBoth(c: Case): Promise<Outputs> {
  const spec = HUMAN_MODELS.find((m) => m.name === c.name);
  if (!spec) throw new Error(`no spec for ${c.name}`);
  const loaded = await loadGraphModel(join(packageRoot("@vladmandic/human").dir, spec.json));
  const converted = convertGraphModel(loaded, { name: c.name, outputNames: spec.outputNames ?? {} });
  const input = await pixels(c);
  const shape = [1, c.size, c.size, 3];

  const model = await tfjsModel(loaded);
  const x = tf.tensor(input, shape);
  const res = model.execute(
    x,
    converted.outputs.map((o) => o.tfName),
  );
  const list = Array.isArray(res) ? res : [res];
  const tfjs = new Map<string, Float32Array>();
  for (const [i, o] of converted.outputs.entries()) tfjs.set(o.name, (await list[i]?.data()) as Float32Array);
  tf.dispose([x, ...list]);
  model.dispose();

  const session = await ort.InferenceSession.create(converted.bytes, { intraOpNumThreads: 2 });
  const feeds = { [converted.inputs[0]?.name ?? ""]: new ort.Tensor("float32", input, shape) };
  const out = await session.run(feeds);
  await session.release();
  const onnx = new Map(Object.entries(out).map(([k, t]) => [k, t.data as Float32Array]));
  return { tfjs, onnx, converted };
}

/** Largest |a − b| and the largest |a| (the scale the difference is judged against). */
function diff(a: Float32Array, b: Float32Array): { max: number; scale: number } {
  let max = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    max = Math.max(max, Math.abs((a[i] ?? 0) - (b[i] ?? Number.NaN)));
    scale = Math.max(scale, Math.abs(a[i] ?? 0));
  }
  return { max, scale };
}

const argmax = (a: Float32Array) => a.reduce((best, v, i) => (v > (a[best] ?? -Infinity) ? i : best), 0);

describe.skipIf(!hasMedia)("converted models match TF.js-WASM on real images", () => {
  const results = new Map<string, Outputs>();

  beforeAll(async () => {
    setWasmPaths(join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm")), "/"));
    await tf.setBackend("wasm");
    await tf.ready();
    for (const c of cases) results.set(c.name, await runBoth(c));
  });

  it.each(cases.map((c) => c.name))("%s: every output within float32 rounding of TF.js", (name) => {
    const r = results.get(name);
    if (!r) throw new Error("not run");
    for (const o of r.converted.outputs) {
      const a = r.tfjs.get(o.name);
      const b = r.onnx.get(o.name);
      expect(b?.length, o.name).toBe(a?.length);
      const d = diff(a ?? new Float32Array(), b ?? new Float32Array());
      // Float rounding differs between the two runtimes' kernels and grows through ~90 stacked convs:
      // observed up to 5e-5 of the output's magnitude (centernet wh: 0.012 px of 250 px).
      expect(d.max, `${name} ${o.name}: max |diff| ${d.max} at scale ${d.scale}`).toBeLessThanOrEqual(
        1e-4 * Math.max(1, d.scale),
      );
    }
  });

  it("centernet: same top detections, a person first on person.jpg", () => {
    const r = results.get("centernet");
    const a = r?.tfjs.get("tower_0/detections") ?? new Float32Array();
    const b = r?.onnx.get("tower_0/detections") ?? new Float32Array();
    for (let row = 0; row < 10; row++) {
      expect(b[row * 6 + 5], `class of row ${row}`).toBe(a[row * 6 + 5]);
      expect(b[row * 6 + 4]).toBeCloseTo(a[row * 6 + 4] ?? 0, 4);
    }
    expect(b[5]).toBe(0);
    expect(b[4]).toBeGreaterThan(0.5);
  });

  it("blazeface: the same best anchor, confidently a face", () => {
    const r = results.get("blazeface");
    const a = r?.tfjs.get("logits_stride16") ?? new Float32Array();
    const b = r?.onnx.get("logits_stride16") ?? new Float32Array();
    expect(argmax(b)).toBe(argmax(a));
    expect(b[argmax(b)]).toBeGreaterThan(1);
  });

  it("facemesh: face flag high in both, 468 landmarks inside the crop", () => {
    const r = results.get("facemesh");
    const flagA = r?.tfjs.get("output_faceflag")?.[0] ?? 0;
    const flagB = r?.onnx.get("output_faceflag")?.[0] ?? 0;
    expect(flagA).toBeGreaterThan(0.5);
    expect(flagB).toBeCloseTo(flagA, 4);
    const mesh = r?.onnx.get("output_mesh") ?? new Float32Array();
    expect(mesh.length).toBe(468 * 3);
    const xy = Array.from(mesh).filter((_, i) => i % 3 !== 2);
    expect(Math.min(...xy)).toBeGreaterThan(0);
    expect(Math.max(...xy)).toBeLessThan(192);
  });
});
