import { type RuleIncident, type SceneRule, type SceneSample, seconds } from "./scene-sample.js";

export interface CrowdingSettings {
  /** This many persons in the picture at once … */
  minPersons: number;
  /** … for at least this long is crowding. */
  minSeconds: number;
}

/**
 * Raises one incident per crowded period, dated at its start, once the period has lasted `minSeconds`
 * (a crowd passing in a single sampled frame is not one). A sample below the threshold ends the period.
 */
export class CrowdingRule implements SceneRule {
  private startedAt: number | undefined;
  private peak = 0;
  private reported = false;

  constructor(private readonly settings: CrowdingSettings) {}

  observe(sample: SceneSample): RuleIncident[] {
    const count = sample.persons.length;
    if (count < this.settings.minPersons) {
      this.startedAt = undefined;
      this.reported = false;
      this.peak = 0;
      return [];
    }
    this.startedAt ??= sample.offsetMs;
    this.peak = Math.max(this.peak, count);
    const lasted = sample.offsetMs - this.startedAt;
    if (this.reported || lasted < this.settings.minSeconds * 1000) return [];
    this.reported = true;
    return [
      {
        offsetMs: this.startedAt,
        kind: "crowding",
        severity: "warning",
        description:
          `up to ${this.peak} persons in view for ${seconds(lasted)} ` +
          `(crowding: ${this.settings.minPersons} or more for ${this.settings.minSeconds} s)`,
        highlight: sample.persons.map((p) => ({ box: p.box, label: "person" })),
      },
    ];
  }
}
