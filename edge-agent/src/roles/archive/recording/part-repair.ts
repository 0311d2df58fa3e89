import { readdir, rename, unlink } from "node:fs/promises";
import { join } from "node:path";
import { Demuxer } from "node-av/api";
import { avGetCodecName } from "node-av/lib";
import { startOfSegmentId } from "./segment-names.js";
import { copySource, freeSource, SegmentWriter, type WrittenSegment } from "./segment-writer.js";

export type Leftover =
  | {
      file: string;
      outcome: "repaired";
      id: string;
      startedAt: number;
      codec: string;
      segment: WrittenSegment;
    }
  | { file: string; outcome: "discarded"; reason: string };

const PART = ".mp4.part";
/** A leftover being repaired: renamed first, so the repair can write its own `.part` under the same id. */
const REPAIR = ".mp4.repair";

/**
 * Finds the segments a crash left open in `dir` and turns each into a finished one or removes it. An open
 * segment is fragmented MP4, so everything up to its last complete fragment still demuxes: that much is
 * remuxed (copied, not re-encoded) into a fresh file. One with no readable video is discarded.
 */
export async function repairLeftovers(dir: string): Promise<Leftover[]> {
  const names = await readdir(dir);
  const results: Leftover[] = [];
  for (const name of names) {
    const suffix = name.endsWith(PART) ? PART : name.endsWith(REPAIR) ? REPAIR : undefined;
    if (!suffix) continue;
    const id = name.slice(0, -suffix.length);
    const startedAt = startOfSegmentId(id);
    if (startedAt === undefined || names.includes(`${id}.mp4`)) {
      await unlink(join(dir, name));
      results.push({ file: name, outcome: "discarded", reason: "not a segment, or already finished" });
      continue;
    }
    const source = join(dir, `${id}${REPAIR}`);
    if (suffix === PART) await rename(join(dir, name), source);
    try {
      const { segment, codec } = await remux(source, join(dir, `${id}.mp4`));
      results.push({ file: name, outcome: "repaired", id, startedAt, codec, segment });
    } catch (err) {
      results.push({ file: name, outcome: "discarded", reason: (err as Error).message });
    } finally {
      await unlink(source).catch(() => undefined);
      await unlink(join(dir, `${id}${PART}`)).catch(() => undefined);
    }
  }
  return results;
}

async function remux(from: string, to: string): Promise<{ segment: WrittenSegment; codec: string }> {
  const input = await Demuxer.open(from, { format: "mp4" });
  try {
    const stream = input.video();
    if (!stream) throw new Error("no video stream");
    const source = copySource(stream);
    const writer = new SegmentWriter(to, source);
    try {
      await writer.open();
      try {
        for await (const packet of input.packets(stream.index)) {
          if (!packet) break;
          // The first packet must be a keyframe; a fragment always starts with one.
          if (writer.packetCount > 0 || packet.isKeyframe) await writer.write(packet);
          packet.free();
        }
      } catch {
        // A torn last fragment ends the readable part; what came before it is kept.
      }
      if (writer.packetCount === 0) throw new Error("no complete fragment");
      const codec = avGetCodecName(source.codecpar.codecId) ?? "unknown";
      return { segment: await writer.finish(), codec };
    } catch (err) {
      await writer.abort();
      throw err;
    } finally {
      freeSource(source);
    }
  } finally {
    await input.close();
  }
}
