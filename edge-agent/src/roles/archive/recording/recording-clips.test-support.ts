import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { h264TestClip } from "@sitewatch/testkit";
import { Demuxer } from "node-av/api";
import { CameraRecorder, type ClosedSegment } from "./camera-recorder.js";
import { segmentId } from "./segment-names.js";
import { copySource, freeSource, SegmentWriter } from "./segment-writer.js";

// Recorded files for the archive tests, made from testkit's H.264 clip (768×576, 10 fps, 795 packets,
// a keyframe every 20), with the wall clock fixed so segment ids are known in advance.

export const T0 = Date.UTC(2026, 11, 1, 8, 0, 0);

/**
 * Remuxes the test clip (a keyframe every 20 packets) into segments of `packets` packets each, starting
 * a minute apart; `crashLast` leaves the last one as a crash would: its `.part`, without the trailer.
 */
export async function writeSegments(
  dir: string,
  count: number,
  packets: number,
  crashLast = false,
): Promise<string[]> {
  const input = await Demuxer.open(h264TestClip());
  const stream = input.video();
  if (!stream) throw new Error("clip without video");
  const source = copySource(stream);
  const ids: string[] = [];
  let writer: SegmentWriter | undefined;
  try {
    for await (const packet of input.packets(stream.index)) {
      if (!packet) break;
      if (packet.isKeyframe && (!writer || writer.packetCount >= packets)) {
        if (ids.length === count) {
          packet.free();
          break;
        }
        if (writer) await writer.finish();
        ids.push(segmentId(T0 + ids.length * 60_000));
        writer = new SegmentWriter(join(dir, `${ids.at(-1)}.mp4`), source);
        await writer.open();
      }
      if (writer) await writer.write(packet);
      packet.free();
    }
    if (writer && crashLast) await writer.abort();
    else if (writer) await writer.finish();
  } finally {
    freeSource(source);
    await input.close();
  }
  return ids;
}

export function decodableFrames(path: string): number {
  const args = ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries"];
  args.push("stream=nb_read_frames", "-of", "csv=p=0", path);
  const result = spawnSync("ffprobe", args, { encoding: "utf8" });
  if (result.status !== 0 || result.stderr.trim() !== "")
    throw new Error(`decoding ${path}: ${result.stderr}`);
  return Number(result.stdout.trim());
}

export function recorder(dir: string, segments: ClosedSegment[], logs: string[], maxGiB?: number) {
  return new CameraRecorder({
    camera: "cam-1",
    dir,
    settings: { segmentSeconds: 10, maxGiB },
    onSegment: (segment) => segments.push(segment),
    log: (message) => logs.push(message),
    now: () => T0 + 3_600_000,
  });
}

/** Hands the whole clip to the recorder as one camera connection, as the read loop would. */
export async function feed(rec: CameraRecorder, clip = h264TestClip()): Promise<number> {
  const input = await Demuxer.open(clip);
  const stream = input.video();
  if (!stream) throw new Error("clip without video");
  let packets = 0;
  rec.begin(stream);
  for await (const packet of input.packets(stream.index)) {
    if (!packet) break;
    rec.packet(packet);
    packet.free();
    packets += 1;
  }
  rec.end();
  // The recorder holds references of its own; the stream it copied may go now.
  await input.close();
  return packets;
}
