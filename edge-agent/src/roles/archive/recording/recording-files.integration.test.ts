import "../../../polyfills.js";
import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { h264TestClip } from "@sitewatch/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { hasMedia } from "../../../media.test-support.js";
import type { ClosedSegment } from "./camera-recorder.js";
import { decodableFrames, feed, recorder, T0, writeSegments } from "./recording-clips.test-support.js";
import { applyRetention } from "./retention.js";
import { SegmentIndex } from "./segment-index.js";
import { segmentId } from "./segment-names.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "recording-files-"));
  dirs.push(dir);
  return dir;
}

describe.skipIf(!hasMedia)("archive files on disk", () => {
  it("repairs a crash's open segment into a playable file and discards what cannot be played", async () => {
    const dir = tempDir();
    const [done, crashed] = await writeSegments(dir, 2, 60, true);
    expect(existsSync(join(dir, `${crashed}.mp4.part`))).toBe(true);
    const garbage = segmentId(T0 + 600_000);
    writeFileSync(join(dir, `${garbage}.mp4.part`), "not an mp4 at all");
    const segments: ClosedSegment[] = [];
    const logs: string[] = [];
    const rec = recorder(dir, segments, logs);
    await rec.start();
    await rec.stop();

    expect(readdirSync(dir).filter((f) => f.includes(".part") || f.includes(".repair"))).toEqual([]);
    expect(rec.stats).toMatchObject({ repaired: 1, discarded: 1 });
    // Only the repaired segment is new: the finished one was announced when it closed.
    expect(segments.map((s) => s.segment)).toEqual([crashed]);
    const frames = decodableFrames(join(dir, `${crashed}.mp4`));
    // Complete fragments survive (a keyframe every 20); the one still in memory at the crash is lost.
    expect(frames).toBeGreaterThanOrEqual(20);
    expect(frames).toBeLessThan(60);
    expect(segments[0]).toMatchObject({ startedAt: T0 + 60_000, codec: "h264", container: "mp4" });
    expect(logs.some((l) => l.includes(`${garbage}.mp4.part discarded`))).toBe(true);
    const index = new SegmentIndex(dir);
    await index.load();
    expect(index.list().map((e) => e.id)).toEqual([done, crashed]);
  });

  it("rebuilds a torn index from the files, and drops entries whose file is gone", async () => {
    const dir = tempDir();
    const ids = await writeSegments(dir, 3, 40);
    const index = new SegmentIndex(dir);
    await index.load();
    expect(index.list().map((e) => e.id)).toEqual(ids);
    const [first] = index.list();
    expect(first?.durationMs).toBe(4_000);
    appendFileSync(index.path, '{"add":{"id":"2026');
    rmSync(join(dir, `${ids[1]}.mp4`));

    const again = new SegmentIndex(dir);
    const loaded = await again.load();
    expect(loaded.rebuilt).toBe(true);
    expect(again.list()).toEqual([first, index.list()[2]]);
    const clean = await new SegmentIndex(dir).load();
    expect(clean).toEqual({ rebuilt: false, added: [], dropped: [] });
  });

  it("deletes the oldest segments when the camera's archive is over its quota", async () => {
    const dir = tempDir();
    const ids = await writeSegments(dir, 4, 40);
    const sizes = ids.map((id) => statSync(join(dir, `${id}.mp4`)).size);
    const index = new SegmentIndex(dir);
    await index.load();
    // Room for the newest two and a half.
    const quota = ((sizes[1] ?? 0) / 2 + (sizes[2] ?? 0) + (sizes[3] ?? 0)) / 2 ** 30;
    const expired = await applyRetention(index, { maxGiB: quota }, T0);
    expect(expired.map((e) => [e.entry.id, e.why])).toEqual([
      [ids[0], "quota"],
      [ids[1], "quota"],
    ]);
    expect(readdirSync(dir).filter((f) => f.endsWith(".mp4"))).toEqual(ids.slice(2).map((id) => `${id}.mp4`));
    const reloaded = new SegmentIndex(dir);
    expect(await reloaded.load()).toEqual({ rebuilt: false, added: [], dropped: [] });
    expect(reloaded.list().map((e) => e.id)).toEqual(ids.slice(2));
  });

  it("gives segments that start at a time already recorded (a clock stepped back) ids of their own", async () => {
    const dir = tempDir();
    const segments: ClosedSegment[] = [];
    // A fixed clock: the second connection starts at the very moment the first did.
    const rec = recorder(dir, segments, []);
    await rec.start();
    await feed(rec);
    await rec.idle();
    await feed(rec);
    await rec.stop();
    expect(segments).toHaveLength(16);
    const ids = segments.map((s) => s.segment);
    expect(new Set(ids).size).toBe(16);
    expect(ids[8]).toBe(`${ids[0]}-2`);
    expect(readdirSync(dir).filter((f) => f.endsWith(".mp4"))).toHaveLength(16);
  });

  it("records H.265 the same way, tagged for players that need hvc1", async () => {
    const dir = tempDir();
    const clip = join(tempDir(), "hevc.mp4");
    const args = ["-v", "error", "-i", h264TestClip(), "-t", "6", "-c:v", "libx265", "-preset", "ultrafast"];
    args.push("-x265-params", "keyint=20:min-keyint=20:log-level=error", clip);
    const encoded = spawnSync("ffmpeg", args, { encoding: "utf8" });
    if (encoded.status !== 0) throw new Error(`encoding H.265: ${encoded.stderr}`);
    const segments: ClosedSegment[] = [];
    const rec = recorder(dir, segments, []);
    await rec.start();
    expect(await feed(rec, clip)).toBe(60);
    await rec.stop();
    expect(segments.map((s) => [s.codec, s.durationMs])).toEqual([["hevc", 6_000]]);
    const show = ["-v", "error", "-show_entries", "stream=codec_name,codec_tag_string,profile,width,height"];
    const probe = (path: string) =>
      spawnSync("ffprobe", [...show, "-of", "json", path], { encoding: "utf8" });
    const source = JSON.parse(probe(clip).stdout).streams[0];
    const recorded = JSON.parse(probe(join(dir, `${segments[0]?.segment}.mp4`)).stdout).streams[0];
    expect(recorded).toEqual({ ...source, codec_tag_string: "hvc1" });
    expect(decodableFrames(join(dir, `${segments[0]?.segment}.mp4`))).toBe(60);
  });

  it("applies retention on start and reports it", async () => {
    const dir = tempDir();
    const ids = await writeSegments(dir, 3, 40);
    const logs: string[] = [];
    const rec = recorder(dir, [], logs, 1e-9);
    await rec.start();
    await rec.stop();
    expect(rec.stats.deletedForQuota).toBe(2);
    expect(readdirSync(dir).filter((f) => f.endsWith(".mp4"))).toEqual([`${ids[2]}.mp4`]);
    expect(logs.filter((l) => l.includes("over the quota"))).toHaveLength(2);
  });
});
