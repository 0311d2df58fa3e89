/**
 * `@sitewatch/shared-protocol/face-mesh`: pixels → MediaPipe face-mesh landmarks with the model
 * runs injected, so the browser (onnxruntime-web), the hub's workers and the agent
 * (onnxruntime-node) run the same pre- and post-processing. No Node, DOM or onnxruntime imports.
 */
export { BLAZEFACE_256_LAYERS, blazefaceAnchors, layerRows } from "./blazeface-anchors.js";
export {
  decodeBlazeface,
  type FaceCandidate,
  gatherBlazefaceOutputs,
  iou,
  suppressOverlaps,
} from "./blazeface-decode.js";
export { inputToSource, type Letterbox, letterboxInput } from "./detector-input.js";
export { type CropWindow, cropToSource, sampleWindow, type TensorFormat } from "./face-crop.js";
export { createFaceFollower, type FollowedFace, largestFace } from "./face-follower.js";
export { meshToSource, meshWindow, type Point3, pointBounds } from "./face-geometry.js";
export { createFaceMesh, type Face, type FaceMesh, type FaceMeshOptions, MESH_POINTS } from "./face-mesh.js";
export { FaceTracker, hintFromDetection, nextHint, type TrackHint } from "./face-tracker.js";
export {
  describeModelInput,
  type FaceMeshModels,
  findOutput,
  type InputMetadataLike,
  type ModelInputShape,
  type ModelOutput,
  type ModelRunner,
  type ShapedRunner,
} from "./model-io.js";
export { assertPixelImage, type PixelImage, sampleRgb } from "./pixel-image.js";
export { Resampler } from "./resample.js";
export {
  type InferenceSessionLike,
  type SessionRunnerOptions,
  sessionRunner,
  type TensorFactory,
} from "./session-runner.js";
