import { createContext, type ReactNode, useContext } from "react";
import { MAX_FRAME_WIDTH } from "../analysis/analysis-protocol.js";
import { cameraFrames } from "../analysis/camera-frames.js";
import type { FaceAnalyser } from "../analysis/face-analyser.js";
import { WorkerFaceAnalyser } from "../analysis/face-analyser.js";
import { AlertSound } from "./alert-sound.js";

/**
 * What the Focus page needs from the device: the camera, the face analyser, frame grabs and the
 * alert sound. The browser's real ones by default; component tests provide fakes (happy-dom has no
 * camera, workers or WebAudio).
 */
export interface FocusEnvironment {
  openCamera(): Promise<MediaStream>;
  /** Shows the stream in the self-view (null: none), and starts playing it. */
  showStream(video: HTMLVideoElement, stream: MediaStream | null): Promise<void>;
  createAnalyser(): FaceAnalyser;
  /** The camera's frames for the analyser to read itself; null where the browser cannot. */
  cameraFrames(stream: MediaStream): ReadableStream<VideoFrame> | null;
  grabFrame(video: HTMLVideoElement): Promise<ImageBitmap | null>;
  createSound(): Pick<AlertSound, "unlock" | "beep" | "close">;
}

export const browserEnvironment: FocusEnvironment = {
  openCamera() {
    if (!navigator.mediaDevices?.getUserMedia) {
      return Promise.reject(
        new Error("this browser offers no camera access (a secure https page is needed)"),
      );
    }
    return navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 30 }, facingMode: "user" },
      audio: false,
    });
  },
  async showStream(video, stream) {
    video.srcObject = stream;
    if (stream) await video.play().catch(() => undefined);
  },
  createAnalyser: () => new WorkerFaceAnalyser(),
  cameraFrames,
  grabFrame(video) {
    // Before the first frame (or after the track ended) there is nothing to analyse.
    if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) {
      return Promise.resolve(null);
    }
    const scale = Math.min(1, MAX_FRAME_WIDTH / video.videoWidth);
    return createImageBitmap(video, {
      resizeWidth: Math.round(video.videoWidth * scale),
      resizeHeight: Math.round(video.videoHeight * scale),
      resizeQuality: "low",
    });
  },
  createSound: () => new AlertSound(),
};

const FocusEnvironmentContext = createContext<FocusEnvironment>(browserEnvironment);

export function FocusEnvironmentProvider({
  value,
  children,
}: {
  value: FocusEnvironment;
  children: ReactNode;
}) {
  return <FocusEnvironmentContext.Provider value={value}>{children}</FocusEnvironmentContext.Provider>;
}

export function useFocusEnvironment(): FocusEnvironment {
  return useContext(FocusEnvironmentContext);
}
