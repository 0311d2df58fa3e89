import { z } from "zod";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "sha256 must be 64 lowercase hex digits");

export const tensorSpecSchema = z.object({
  name: z.string().min(1),
  dtype: z.enum(["float32", "int32", "int64", "bool", "uint8"]),
  /** Sizes; a string names a size only known at run time (e.g. "batch"). */
  shape: z.array(z.union([z.number().int().nonnegative(), z.string()])),
});

export const fileDigestSchema = z.object({
  /** Path relative to the source package root (sources) or to the cache folder (extra files). */
  file: z.string().min(1),
  sha256,
  bytes: z.number().int().nonnegative().optional(),
});

/**
 * What the build wrote for one model in the model cache: `<name>.onnx` next to `<name>.manifest.json`.
 * The build compares `source.files` and `converter` with the current ones to decide whether a
 * model is up to date, and `sha256` to detect a damaged or edited .onnx file.
 */
export const modelManifestSchema = z.object({
  name: z.string().min(1),
  /** File name of the ONNX model inside the cache folder. */
  file: z.string().min(1),
  sha256,
  bytes: z.number().int().nonnegative(),
  source: z.object({
    package: z.string().min(1),
    version: z.string().min(1),
    files: z.array(fileDigestSchema).min(1),
  }),
  /** Tool and version that produced the file, e.g. "sitewatch tfjs-to-onnx 1.0.0" or "copied". */
  converter: z.string().min(1),
  inputs: z.array(tensorSpecSchema).min(1),
  outputs: z.array(tensorSpecSchema).min(1),
  /** Class names by output class index, for detectors and classifiers. */
  labels: z.array(z.string()).optional(),
  /** Other files in the cache that belong to the model (e.g. an OCR dictionary). */
  extraFiles: z.array(fileDigestSchema).optional(),
  /** How to feed the model and read its outputs. */
  notes: z.array(z.string()).default([]),
});

export type TensorSpec = z.infer<typeof tensorSpecSchema>;
export type FileDigest = z.infer<typeof fileDigestSchema>;
export type ModelManifest = z.infer<typeof modelManifestSchema>;
