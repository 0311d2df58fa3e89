import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { makeGateClip } from "./gate-clip.js";
import { gateMediaUnavailableReason } from "./gate-labels.js";
import { hasMedia, MEDIA_DIR } from "./media.js";
import { h264TestClip, type RtspServer, rtspUnavailableReason, startRtspServer } from "./rtsp-server.js";

const unavailable =
  rtspUnavailableReason() ??
  gateMediaUnavailableReason() ??
  (hasMedia ? undefined : `${MEDIA_DIR} is missing`);
if (unavailable) console.warn(`RTSP server tests skipped: ${unavailable}`);

/** What a client sees on the stream: the first video stream's size, or the error. */
function probe(url: string): { width?: number; height?: number; error?: string } {
  const args = ["-v", "error", "-rtsp_transport", "tcp", "-timeout", "10000000", "-select_streams", "v:0"];
  args.push("-show_entries", "stream=codec_name,width,height", "-of", "json", url);
  const result = spawnSync("ffprobe", args, { encoding: "utf8", timeout: 30_000 });
  if (result.status !== 0) return { error: result.stderr || String(result.error) };
  const stream = JSON.parse(result.stdout).streams?.[0];
  return { width: stream?.width, height: stream?.height };
}

describe.skipIf(unavailable !== undefined)("RTSP server with a seats and a gate camera", () => {
  let server: RtspServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  for (const loop of [true, false]) {
    it(`serves each clip under its own path (${loop ? "looping live stream" : "file per client"})`, async () => {
      const gate = makeGateClip();
      server = await startRtspServer({
        clip: h264TestClip(),
        loop,
        more: [{ path: "/gate", clip: gate.path }],
      });
      expect(probe(server.url())).toEqual({ width: 768, height: 576 });
      expect(probe(server.url("/gate"))).toEqual({ width: 1280, height: 720 });
      expect(probe(server.url("/nothing")).error).toMatch(/404|not found/i);
    });
  }

  it("refuses two clips under one path", async () => {
    const clip = h264TestClip();
    await expect(startRtspServer({ clip, path: "/gate", more: [{ path: "/gate", clip }] })).rejects.toThrow(
      /paths must differ/,
    );
  });
});
