import "../../../polyfills.js";
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { explainTmpfsSkip, mountTmpfs } from "../../../delivery/tmpfs.test-support.js";
import { hasMedia } from "../../../media.test-support.js";
import type { ClosedSegment } from "./camera-recorder.js";
import { feed, recorder } from "./recording-clips.test-support.js";

// The archive on a real, tiny filesystem (a 3 MiB tmpfs, about three 10 s segments of the clip) that
// fills up while recording: the camera's recording stops and says why, nothing half-written is left.
const noTmpfs = explainTmpfsSkip();

describe.skipIf(!hasMedia || noTmpfs !== undefined)("recording onto a disk that fills up", () => {
  it("stops recording the camera, removes the unfinished segment and reports it", async () => {
    const fs = mountTmpfs(3 * 2 ** 20);
    try {
      const segments: ClosedSegment[] = [];
      const logs: string[] = [];
      const rec = recorder(fs.dir, segments, logs);
      await rec.start();
      expect(await feed(rec)).toBe(795);
      await rec.stop();
      expect(rec.stats.state).toBe("degraded");
      expect(rec.stats.error).toBeDefined();
      expect(
        logs.filter((l) => l.includes("recording stopped (the disk is full); analysis goes on")),
      ).toHaveLength(1);
      // The segments finished before the disk filled are kept and were announced; the torn one is gone.
      expect(segments.length).toBeGreaterThanOrEqual(1);
      const files = readdirSync(fs.dir).sort();
      expect(files.filter((f) => f.endsWith(".part"))).toEqual([]);
      expect(files.filter((f) => f.endsWith(".mp4"))).toEqual(segments.map((s) => `${s.segment}.mp4`));
    } finally {
      fs.unmount();
    }
  });
});
