import "../../../polyfills.js";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { analysisResultSchema } from "@sitewatch/shared-protocol";
import { h264TestClip } from "@sitewatch/testkit";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasMedia } from "../../../media.test-support.js";
import { modelDir } from "../../../models/model-cache.js";
import { createDetector } from "../../../vision/detect/create-detector.js";
import type { Detector } from "../../../vision/detect/detector.js";
import type { AnalysisZone } from "./analysis-provider.js";
import { BuiltinAnalysisProvider } from "./builtin-provider.js";

const hasModel = existsSync(join(modelDir(), "centernet.onnx"));
if (!hasModel) console.warn("builtin analyser: model cache missing (run the edge-agent build); skipping");

// Looked up by eye on vtest.avi (768×576, 79.5 s): people walk the grey road across the middle of the
// picture; nobody ever stands at the building in the top-left corner.
const walkway: AnalysisZone = {
  name: "walkway",
  polygon: [
    [0, 0.25],
    [1, 0.25],
    [1, 0.75],
    [0, 0.75],
  ],
};
const corner: AnalysisZone = {
  name: "corner",
  polygon: [
    [0, 0],
    [0.12, 0],
    [0.12, 0.12],
    [0, 0.12],
  ],
};

describe.skipIf(!hasMedia || !hasModel)("built-in analyser on the pedestrians clip", () => {
  let detector: Detector;
  let clip: string;
  beforeAll(async () => {
    // The clip as a camera would record it: H.264 in MP4, a keyframe every 2 s.
    clip = h264TestClip();
    detector = await createDetector({ model: "centernet", threads: 2 });
  });
  afterAll(async () => {
    await detector?.close();
  });

  it("counts the walkers, measures dwell per zone, and reports the crowded moments", async () => {
    const provider = new BuiltinAnalysisProvider({
      detector,
      settings: { crowding: { minPersons: 8, minSeconds: 4 } },
    });
    const { result, thumbnails } = await provider.analyse(clip, {
      zones: [walkway, corner],
      sampleEverySeconds: 2,
    });
    expect(analysisResultSchema.safeParse(result).success).toBe(true);
    expect(result.provider).toBe("builtin");
    // 79.5 s at one frame per 2 s.
    expect(result.sampledFrames).toBe(40);
    const counts = result.personCounts.map((p) => p.count);
    expect(result.personCounts.map((p) => p.offsetMs).slice(0, 3)).toEqual([0, 2000, 4000]);
    // Walkers are in view all the time; the frame at 24 s shows seven of them.
    expect(Math.min(...counts)).toBeGreaterThan(0);
    const at24 = result.personCounts.find((p) => p.offsetMs === 24_000)?.count ?? 0;
    expect(Math.abs(at24 - 7)).toBeLessThanOrEqual(1);
    const [road, building] = result.zones;
    // Several walkers for most of the 80 s.
    expect(road?.dwellSeconds).toBeGreaterThan(150);
    expect(road?.maxPersons).toBeGreaterThanOrEqual(5);
    expect(building).toEqual({ zone: "corner", dwellSeconds: 0, maxPersons: 0 });

    const crowding = result.incidents.filter((i) => i.kind === "crowding");
    expect(crowding.length).toBeGreaterThan(0);
    for (const incident of crowding) {
      // Dated at the first frame of a crowded period.
      expect(counts[incident.offsetMs / 2000]).toBeGreaterThanOrEqual(8);
      const thumbnail = thumbnails.find((t) => t.name === incident.thumbnail);
      const meta = await sharp(thumbnail?.jpeg).metadata();
      expect(meta).toMatchObject({ format: "jpeg", width: 640, height: 480 });
    }
    // Nothing is left lying on the plaza.
    expect(result.incidents.filter((i) => i.kind === "object_left")).toEqual([]);
    expect(result.safetyScore).toBeLessThan(100);
    expect(result.summary).toMatch(/40 frames sampled every 2 s: up to \d+ persons/);
  });

  it("stops when the job is cancelled", async () => {
    const provider = new BuiltinAnalysisProvider({ detector });
    const cancel = new AbortController();
    const run = provider.analyse(clip, { sampleEverySeconds: 1 }, cancel.signal);
    setTimeout(() => cancel.abort(new Error("cancelled by an admin")), 300);
    const started = Date.now();
    await expect(run).rejects.toThrow("cancelled by an admin");
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
