import onnxProto from "onnx-proto";

/**
 * The model's `metadata_props` (key → value). onnxruntime-node does not expose them, and
 * Ultralytics stores the class names and input size there, so they are read from the file itself.
 */
export function readOnnxMetadata(bytes: Uint8Array): Record<string, string> {
  let model: onnxProto.onnx.ModelProto;
  try {
    model = onnxProto.onnx.ModelProto.decode(bytes);
  } catch (err) {
    throw new Error(`not an ONNX model: ${(err as Error).message}`, { cause: err });
  }
  const out: Record<string, string> = {};
  for (const prop of model.metadataProps) {
    if (prop.key) out[prop.key] = prop.value ?? "";
  }
  return out;
}

/**
 * Ultralytics writes `names` as a Python dict literal, e.g. `{0: 'person', 1: "o'clock"}`. Returns
 * the names in id order, or undefined when the value is missing or has gaps (then the caller falls
 * back to other sources rather than mislabelling classes).
 */
export function parseUltralyticsNames(value: string | undefined): string[] | undefined {
  if (!value) return undefined;
  const names: string[] = [];
  for (const m of value.matchAll(/(\d+)\s*:\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g)) {
    const id = Number(m[1]);
    const raw = m[2] ?? m[3] ?? "";
    names[id] = raw.replace(/\\(.)/g, "$1");
  }
  if (names.length === 0) return undefined;
  for (let i = 0; i < names.length; i++) if (names[i] === undefined) return undefined;
  return names;
}

/** Ultralytics' `imgsz` (e.g. "[640, 640]") as [height, width], if present and sane. */
export function parseImageSize(value: string | undefined): [number, number] | undefined {
  const nums = value?.match(/\d+/g)?.map(Number);
  if (!nums || nums.length === 0) return undefined;
  const [h, w = h] = nums;
  return h !== undefined && w !== undefined && h > 0 && w > 0 ? [h, w] : undefined;
}
