import { Demuxer } from "node-av/api";
import { avGetCodecName } from "node-av/lib";

export interface SegmentProbe {
  codec: string;
  durationMs: number;
}

/**
 * What a finished segment holds, read by FFmpeg the way a player would; throws when it has no video.
 * Used only to rebuild a damaged index, so the cost of opening the file does not matter.
 */
export async function probeSegment(path: string): Promise<SegmentProbe> {
  const input = await Demuxer.open(path);
  try {
    const stream = input.video();
    if (!stream) throw new Error(`${path} has no video`);
    const codec = avGetCodecName(stream.codecpar.codecId) ?? "unknown";
    return { codec, durationMs: Math.max(0, Math.round(input.duration * 1000)) };
  } finally {
    await input.close();
  }
}
