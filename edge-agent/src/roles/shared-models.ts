import { createDetector } from "../vision/detect/create-detector.js";
import type { Detector } from "../vision/detect/detector.js";
import { createFaceLandmarker, type FaceLandmarker } from "../vision/face/face-landmarker.js";
import { Ocr } from "../vision/ocr/ocr.js";

/**
 * The models roles may ask for by name. Each is loaded once per agent and shared by every camera that
 * needs it (inference calls are serialised by the model's own session), so sixteen seats cameras cost
 * one detector. A role needing a new kind of model adds it here and to `loaders`.
 */
export interface SharedModels {
  detector: Detector;
  /** PP-OCRv4 text reading (gate: container codes), from the model cache the build fills. */
  ocr: Ocr;
  /** BlazeFace + MediaPipe face mesh, always run together (attention: landmarks per face). */
  faceMesh: FaceLandmarker;
}
export type ModelName = keyof SharedModels;

export interface ModelSettings {
  detector: { model: string; threads: number };
}

const loaders: { [K in ModelName]: (settings: ModelSettings) => Promise<SharedModels[K]> } = {
  detector: ({ detector }) => createDetector({ model: detector.model, threads: detector.threads }),
  // Same thread budget as the detector: both run on the same cores, one inference at a time per model.
  ocr: ({ detector }) => Ocr.create({ threads: detector.threads }),
  faceMesh: ({ detector }) => createFaceLandmarker({ threads: detector.threads }),
};

/** Loads the named models; a model that fails to load fails the whole call with its own message. */
export async function loadSharedModels(
  names: Iterable<ModelName>,
  settings: ModelSettings,
): Promise<Partial<SharedModels>> {
  const models: Partial<SharedModels> = {};
  try {
    for (const name of new Set(names)) await load(models, name, settings);
  } catch (err) {
    // The ones already loaded hold native sessions; the caller only sees the failure.
    await closeSharedModels(models);
    throw err;
  }
  return models;
}

async function load<K extends ModelName>(into: Partial<SharedModels>, name: K, settings: ModelSettings) {
  into[name] = await loaders[name](settings);
}

/** Models the agent was given but a role still lacks (a camera of that role cannot run). */
export function missingModels(needed: readonly ModelName[], models: Partial<SharedModels>): ModelName[] {
  return needed.filter((name) => models[name] === undefined);
}

export async function closeSharedModels(models: Partial<SharedModels>): Promise<void> {
  await Promise.all(Object.values(models).map((m) => m?.close()));
}

/** The shared models among `from`'s fields (e.g. the agent's dependencies). */
export function pickModels(from: Partial<SharedModels>): Partial<SharedModels> {
  const models: Partial<SharedModels> = {};
  for (const name of Object.keys(loaders) as ModelName[]) copy(from, models, name);
  return models;
}

function copy<K extends ModelName>(from: Partial<SharedModels>, into: Partial<SharedModels>, name: K) {
  if (from[name]) into[name] = from[name];
}
