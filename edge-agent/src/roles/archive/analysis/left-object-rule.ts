import type { Detection } from "../../../vision/detect/detector.js";
import { iou } from "../../../vision/detect/nms.js";
import type { Box } from "../../../vision/image/resize.js";
import { type RuleIncident, type SceneRule, type SceneSample, seconds } from "./scene-sample.js";

export interface LeftObjectSettings {
  /** An object unattended this long is reported. */
  minSeconds: number;
  /** Boxes of one object in consecutive samples overlap at least this much (IoU) when it stays put. */
  stillIou: number;
  /** A missed detection shorter than this does not end the object's track (detectors flicker). */
  graceSeconds: number;
}

interface Track {
  label: string;
  box: Box;
  lastSeenMs: number;
  /** Since when no person has been near; undefined while someone is. */
  aloneSinceMs: number | undefined;
  reported: boolean;
}

/**
 * Objects left behind: a non-person object that stays where it is while nobody is near it. Objects are
 * followed by box overlap between samples, so one that moves (carried) starts a new track; a person
 * counts as near when their box touches the object's box grown by its own size on every side, which
 * scales with distance to the camera where a pixel radius would not.
 */
export class LeftObjectRule implements SceneRule {
  private tracks: Track[] = [];

  constructor(private readonly settings: LeftObjectSettings) {}

  observe(sample: SceneSample): RuleIncident[] {
    const now = sample.offsetMs;
    const seen = new Set<Track>();
    for (const object of sample.objects) {
      const track = this.match(object, seen) ?? this.add(object, now);
      seen.add(track);
      track.box = object.box;
      track.lastSeenMs = now;
    }
    this.tracks = this.tracks.filter(
      (t) => seen.has(t) || now - t.lastSeenMs <= this.settings.graceSeconds * 1000,
    );
    const incidents: RuleIncident[] = [];
    for (const track of seen) {
      if (sample.persons.some((p) => near(p.box, track.box))) {
        track.aloneSinceMs = undefined;
        continue;
      }
      track.aloneSinceMs ??= now;
      const alone = now - track.aloneSinceMs;
      if (track.reported || alone < this.settings.minSeconds * 1000) continue;
      track.reported = true;
      incidents.push({
        offsetMs: track.aloneSinceMs,
        kind: "object_left",
        severity: "warning",
        description: `a ${track.label} stayed put with no person near for ${seconds(alone)}`,
        highlight: [{ box: track.box, label: track.label }],
      });
    }
    return incidents;
  }

  private match(object: Detection, taken: Set<Track>): Track | undefined {
    let best: { track: Track; overlap: number } | undefined;
    for (const track of this.tracks) {
      if (taken.has(track) || track.label !== object.label) continue;
      const overlap = iou(track.box, object.box);
      if (overlap >= this.settings.stillIou && overlap > (best?.overlap ?? 0)) best = { track, overlap };
    }
    return best?.track;
  }

  private add(object: Detection, now: number): Track {
    const track: Track = {
      label: object.label,
      box: object.box,
      lastSeenMs: now,
      aloneSinceMs: undefined,
      reported: false,
    };
    this.tracks.push(track);
    return track;
  }
}

function near(person: Box, object: Box): boolean {
  const grow = Math.max(object[2] - object[0], object[3] - object[1]);
  return !(
    person[2] < object[0] - grow ||
    person[0] > object[2] + grow ||
    person[3] < object[1] - grow ||
    person[1] > object[3] + grow
  );
}
