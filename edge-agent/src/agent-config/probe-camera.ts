import { fileURLToPath } from "node:url";
import { AV_LOG_QUIET } from "node-av/constants";
import { Log } from "node-av/lib";
import sharp from "sharp";
import { probeCamera as captureProbe } from "../capture/probe-camera.js";
import { maskUrl } from "./agent-state.js";

/** What an installer wants to see about a camera before trusting it. */
export interface CameraProbe {
  width: number;
  height: number;
  codec: string;
  /** Nominal frames per second from the stream header; undefined when the camera does not say. */
  fps?: number;
  /** The first decoded picture, packed RGB. */
  frame: { data: Uint8Array; width: number; height: number };
}

/**
 * Silences FFmpeg's own logging for the setup commands: its multi-line stderr chatter would break the
 * one-line error rule, and the failure reaches the installer through the thrown error anyway.
 */
export function quietFfmpeg(): void {
  Log.setLevel(AV_LOG_QUIET);
}

/** A camera URL as FFmpeg wants it: file:// URLs become paths; other URLs and paths pass through. */
export function cameraSource(url: string): string {
  return /^file:\/\//i.test(url) ? fileURLToPath(url) : url;
}

/**
 * Opens a camera, reads its stream info and decodes one frame, all within `timeoutMs`, through the same
 * capture code the running agent uses (RTSP over TCP with socket timeouts), so a dead camera fails
 * instead of hanging the installer's terminal.
 */
export async function probeCamera(url: string, timeoutMs = 15_000): Promise<CameraProbe> {
  const probe = await captureProbe(cameraSource(url), { timeoutMs, fpsWindowMs: 1_000 }).catch(
    (err: unknown) => {
      // The URL may carry a password (inline or from passwordEnv/passwordFile); errors get printed.
      if (err instanceof Error) err.message = err.message.split(url).join(maskUrl(url));
      throw err;
    },
  );
  const { width, height, codec, fps } = probe.stream;
  const { data } = probe.frame;
  return {
    width,
    height,
    codec,
    fps: fps || undefined,
    frame: { data, width: probe.frame.width, height: probe.frame.height },
  };
}

/** PNG bytes of an RGB frame, for snapshots next to the config. */
export function framePng(frame: CameraProbe["frame"]): Promise<Buffer> {
  return sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: 3 } })
    .png()
    .toBuffer();
}

export const describeProbe = (p: CameraProbe): string =>
  `${p.width}x${p.height} ${p.codec}${p.fps ? ` ${Number(p.fps.toFixed(2))} fps` : ""}`;
