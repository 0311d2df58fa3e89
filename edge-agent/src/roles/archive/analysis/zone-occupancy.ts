import { type AnalysisResult, type Point, pointInPolygon } from "@sitewatch/shared-protocol";
import type { Box } from "../../../vision/image/resize.js";
import type { AnalysisZone } from "./analysis-provider.js";
import type { SceneSample } from "./scene-sample.js";

type ZoneStats = AnalysisResult["zones"][number];

/**
 * Person counts over time and person-seconds per zone. A person is in a zone when the middle of their
 * box's bottom edge (where they stand) is inside it. Each sample stands for the time until the next
 * one, measured rather than assumed, since keyframe sampling does not land exactly on the grid; the
 * last sample stands for one nominal interval.
 */
export class ZoneOccupancy {
  readonly personCounts: AnalysisResult["personCounts"] = [];
  private readonly dwellMs: number[];
  private readonly maxPersons: number[];
  private previous: { offsetMs: number; inZone: number[] } | undefined;

  constructor(
    private readonly zones: readonly AnalysisZone[],
    private readonly nominalIntervalMs: number,
  ) {
    this.dwellMs = zones.map(() => 0);
    this.maxPersons = zones.map(() => 0);
  }

  observe(sample: SceneSample): void {
    this.personCounts.push({ offsetMs: sample.offsetMs, count: sample.persons.length });
    const feet = sample.persons.map((p) => standingPoint(p.box, sample.width, sample.height));
    const inZone = this.zones.map((zone) => feet.filter((f) => pointInPolygon(f, zone.polygon)).length);
    this.credit(sample.offsetMs - (this.previous?.offsetMs ?? sample.offsetMs));
    inZone.forEach((n, i) => {
      this.maxPersons[i] = Math.max(this.maxPersons[i] ?? 0, n);
    });
    this.previous = { offsetMs: sample.offsetMs, inZone };
  }

  /** Zone figures once every sample was seen; call once. */
  finish(): ZoneStats[] {
    this.credit(this.nominalIntervalMs);
    this.previous = undefined;
    return this.zones.map((zone, i) => ({
      zone: zone.name,
      dwellSeconds: Math.round(this.dwellMs[i] ?? 0) / 1000,
      maxPersons: this.maxPersons[i] ?? 0,
    }));
  }

  /** Gives the previous sample's occupants the time since it. */
  private credit(ms: number): void {
    if (!this.previous || ms <= 0) return;
    this.previous.inZone.forEach((n, i) => {
      this.dwellMs[i] = (this.dwellMs[i] ?? 0) + n * ms;
    });
  }
}

function standingPoint(box: Box, width: number, height: number): Point {
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  return [clamp((box[0] + box[2]) / 2 / width), clamp(box[3] / height)];
}
