export { type BlurredFrame, createFaceBlurrer, type FaceBlurrer, faceBlurrer } from "./face-blurrer.js";
export { createFaceBoxFinder, type FaceBox, type FaceBoxFinder } from "./face-boxes.js";
export { enlargeBox, pixelateBoxes } from "./pixelate.js";
