import type { AttentionMachine, AttentionUpdate } from "./attention-machine.js";
import type { FaceSample } from "./face-sample.js";

/** A frontal face with open eyes and closed lips, changed where a test says. */
export function sample(change: Partial<FaceSample> = {}): FaceSample {
  const ear = change.ear ?? 0.3;
  return { ear, earLeft: ear, earRight: ear, mar: 0.05, yaw: 0, pitch: 0, roll: 0, ...change };
}

export interface Pushed extends AttentionUpdate {
  at: number;
}

/**
 * Pushes one sample every `stepMs` (30 fps by default) from `from` (inclusive) to `to` (exclusive);
 * `face` gives the face at each time, null for none.
 */
export function feed(
  machine: AttentionMachine,
  from: number,
  to: number,
  face: (at: number) => FaceSample | null,
  stepMs = 1000 / 30,
): Pushed[] {
  const out: Pushed[] = [];
  for (let i = 0; ; i++) {
    const at = from + i * stepMs;
    if (at >= to) break;
    out.push({ at, ...machine.push({ at, face: face(at) }) });
  }
  return out;
}

/** EAR of an eye that blinks for `closedMs` at each of `starts` (ms), open at `open` otherwise. */
export function blinking(open: number, starts: number[], closedMs = 120): (at: number) => FaceSample {
  return (at) => {
    const closing = starts.some((s) => at >= s && at < s + closedMs);
    return sample({ ear: closing ? open * 0.35 : open });
  };
}

export const blinksOf = (updates: Pushed[]) => updates.flatMap((u) => (u.blink ? [u.blink] : []));
export const changesOf = (updates: Pushed[]) =>
  updates.flatMap((u) => (u.changed ? [`${u.changed.from}->${u.changed.to}`] : []));
export const alertsOf = (updates: Pushed[]) => updates.flatMap((u) => (u.alert ? [u.alert] : []));
