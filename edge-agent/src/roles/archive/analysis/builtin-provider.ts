import type { AnalysisIncident, AnalysisResult } from "@sitewatch/shared-protocol";
import type { FaceBlurrer } from "../../../privacy/face-blurrer.js";
import type { Detector } from "../../../vision/detect/detector.js";
import {
  type AnalysisJobOptions,
  type AnalysisOutput,
  type AnalysisProvider,
  checkedOutput,
  safetyScore,
} from "./analysis-provider.js";
import { CrowdingRule, type CrowdingSettings } from "./crowding-rule.js";
import { LeftObjectRule, type LeftObjectSettings } from "./left-object-rule.js";
import { type SampleFilter, type SceneRule, sceneSample } from "./scene-sample.js";
import { segmentFrames } from "./segment-frames.js";
import { ThumbnailWriter } from "./thumbnail-writer.js";
import { ZoneOccupancy } from "./zone-occupancy.js";

export interface BuiltinSettings extends SampleFilter {
  sampleEverySeconds: number;
  crowding: CrowdingSettings;
  leftObject: LeftObjectSettings;
}

export const BUILTIN_DEFAULTS: BuiltinSettings = {
  sampleEverySeconds: 2,
  // The seats role's minimum for persons; weaker centernet hits on a top-down view are mostly shadows.
  personMinScore: 0.35,
  objectMinScore: 0.3,
  portableObjects: ["backpack", "handbag", "suitcase", "umbrella", "bottle", "laptop", "cell phone", "book"],
  crowding: { minPersons: 8, minSeconds: 10 },
  leftObject: { minSeconds: 30, stillIou: 0.5, graceSeconds: 6 },
};

export interface BuiltinDeps {
  /** The agent's shared detector (roles/shared-models.ts); not closed here. */
  detector: Detector;
  blurrer?: FaceBlurrer;
  settings?: Partial<BuiltinSettings>;
}

// The protocol's bound on the person-count series.
const MAX_SAMPLES = 10_000;

/**
 * The offline analyser: samples the segment, runs the shared detector on each sampled frame and feeds
 * the detections to the rules (occupancy, crowding, objects left behind). Thumbnails are taken when a
 * rule fires, from the frame that completed it, so no frames are held for later.
 */
export class BuiltinAnalysisProvider implements AnalysisProvider {
  readonly name = "builtin" as const;
  private readonly settings: BuiltinSettings;

  constructor(private readonly deps: BuiltinDeps) {
    this.settings = { ...BUILTIN_DEFAULTS, ...deps.settings };
  }

  async analyse(
    segmentPath: string,
    options: AnalysisJobOptions,
    signal?: AbortSignal,
  ): Promise<AnalysisOutput> {
    const { detector } = this.deps;
    const s = this.settings;
    const every = options.sampleEverySeconds ?? s.sampleEverySeconds;
    const zones = options.zones ?? [];
    const occupancy = new ZoneOccupancy(zones, every * 1000);
    const rules: SceneRule[] = [new CrowdingRule(s.crowding), new LeftObjectRule(s.leftObject)];
    const writer = new ThumbnailWriter(this.deps.blurrer ? { blurrer: this.deps.blurrer } : {});
    const incidents: AnalysisIncident[] = [];
    const minScore = Math.min(s.personMinScore, s.objectMinScore);
    const frames = segmentFrames(segmentPath, { everySeconds: every, maxFrames: MAX_SAMPLES, signal });
    for await (const { image, offsetMs } of frames) {
      const detections = await detector.detect(image, { scoreThreshold: minScore });
      signal?.throwIfAborted();
      const sample = sceneSample({ offsetMs, width: image.width, height: image.height }, detections, s);
      occupancy.observe(sample);
      for (const rule of rules) {
        for (const { highlight, ...incident } of rule.observe(sample)) {
          const thumbnail = await writer.add(incident.kind, image, highlight);
          incidents.push({ ...incident, thumbnail });
        }
      }
    }
    const result: AnalysisResult = {
      provider: "builtin",
      model: detector.name,
      summary: "",
      personCounts: occupancy.personCounts,
      zones: occupancy.finish(),
      incidents,
      safetyScore: safetyScore(incidents),
      sampledFrames: occupancy.personCounts.length,
    };
    result.summary = summarise(result, every);
    return checkedOutput(result, writer.thumbnails);
  }
}

function summarise(result: AnalysisResult, every: number): string {
  const counts = result.personCounts.map((p) => p.count);
  if (counts.length === 0) return "No frames could be decoded from the segment.";
  const peak = Math.max(...counts);
  const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
  const lines = [
    `${counts.length} frames sampled every ${every} s: up to ${peak} persons in view (mean ${mean.toFixed(1)}).`,
  ];
  for (const zone of result.zones)
    lines.push(
      `Zone ${zone.zone}: ${zone.dwellSeconds.toFixed(0)} person-seconds, at most ${zone.maxPersons} at once.`,
    );
  const byKind = new Map<string, number>();
  for (const i of result.incidents) byKind.set(i.kind, (byKind.get(i.kind) ?? 0) + 1);
  lines.push(
    byKind.size === 0
      ? "No incidents."
      : `Incidents: ${[...byKind].map(([kind, n]) => `${n} × ${kind.replace("_", " ")}`).join(", ")}.`,
  );
  // The protocol bounds the summary; zones come last but one, so a long zone list is what gets cut.
  return lines.join(" ").slice(0, 2000);
}
