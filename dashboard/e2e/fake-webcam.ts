import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Browser } from "playwright-core";
import { chromium } from "playwright-core";
import { CHROMIUM } from "./browser.js";

const run = promisify(execFile);

/** The real face clips (../shared/media/faces beside the repository). */
export const FACES_DIR = fileURLToPath(new URL("../../../shared/media/faces", import.meta.url));

export interface WebcamClip {
  /** A Y4M file Chromium plays (looped) as its camera. */
  path: string;
  remove(): void;
}

/**
 * Converts a clip to the Y4M that Chromium's fake camera reads, at a webcam-like 640 px and a modest
 * frame rate (the file is raw video: 12 s at 15 fps is ~60 MB). `blackSeconds` appends a black
 * picture, i.e. nobody in front of the camera, for that long.
 */
export async function makeWebcamClip(
  source: string,
  opts: { fps?: number; blackSeconds?: number } = {},
): Promise<WebcamClip> {
  const dir = mkdtempSync(join(tmpdir(), "sitewatch-webcam-"));
  const path = join(dir, "webcam.y4m");
  const filters = [`fps=${opts.fps ?? 15}`, "scale=640:-2"];
  if (opts.blackSeconds) filters.push(`tpad=stop_mode=add:stop_duration=${opts.blackSeconds}:color=black`);
  await run("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-i",
    source,
    "-vf",
    filters.join(","),
    "-pix_fmt",
    "yuv420p",
    path,
  ]);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Why the webcam tests cannot run here (no ffmpeg or no clips), or undefined. */
export function webcamUnavailable(): string | undefined {
  if (!existsSync(FACES_DIR)) return `no face clips at ${FACES_DIR}`;
  if (!["/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg"].some((p) => existsSync(p))) return "no ffmpeg";
  return undefined;
}

/** Debian's chromium with `clip` as its camera, the permission prompt answered yes. */
export function launchWithWebcam(clip: WebcamClip): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      `--use-file-for-fake-video-capture=${clip.path}`,
    ],
    timeout: 30_000,
  });
}
