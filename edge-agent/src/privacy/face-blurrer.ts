import type { RawImage } from "../vision/image/raw-image.js";
import { assertRgb } from "../vision/image/raw-image.js";
import { createFaceBoxFinder, type FaceBoxFinder, type FaceBoxFinderOptions } from "./face-boxes.js";
import { type PixelateOptions, pixelateBoxes } from "./pixelate.js";

/** A frame with its faces made unrecognisable; `faces` says how many were found. */
export interface BlurredFrame extends RawImage {
  faces: number;
}

export interface FaceBlurrer {
  /** Returns a new frame; the input is not modified. */
  blurFaces(frame: RawImage): Promise<BlurredFrame>;
  close(): Promise<void>;
}

export type FaceBlurrerOptions = FaceBoxFinderOptions & PixelateOptions;

/** Wraps any box finder, so tests and callers can supply their own detector. */
export function faceBlurrer(finder: FaceBoxFinder, opts: PixelateOptions = {}): FaceBlurrer {
  return {
    async blurFaces(frame) {
      assertRgb(frame);
      const boxes = await finder.find(frame);
      return { ...pixelateBoxes(frame, boxes, opts), faces: boxes.length };
    },
    close: () => finder.close(),
  };
}

/** Loads the BlazeFace model once; reuse the blurrer for every frame and close it at shutdown. */
export async function createFaceBlurrer(opts: FaceBlurrerOptions = {}): Promise<FaceBlurrer> {
  return faceBlurrer(await createFaceBoxFinder(opts), opts);
}
