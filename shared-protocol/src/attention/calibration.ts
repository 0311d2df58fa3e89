/**
 * Per-session calibration: the person's open-eye EAR and neutral head pose, learnt from the face
 * samples of the first seconds. Fixed-size histograms keep each sample O(1) and allocation-free, and
 * give robust statistics: an upper percentile of EAR ignores blinks (and a session that starts
 * mid-blink), medians of yaw and pitch ignore a glance away.
 */

const EAR_BIN = 0.0025;
const EAR_BINS = 401; // 0..1
const ANGLE_BIN = 0.5;
const ANGLE_BINS = 361; // -90..90 degrees

/** Eyes are closed in a small fraction of the time, so the 70th percentile is an open eye. */
const OPEN_EAR_PERCENTILE = 0.7;
/** Fewer samples than this are not a calibration, however long the window lasted. */
export const MIN_CALIBRATION_SAMPLES = 5;

export interface Calibration {
  openEar: number;
  neutralYaw: number;
  neutralPitch: number;
}

export class Calibrator {
  private readonly ear = new Uint16Array(EAR_BINS);
  private readonly yaw = new Uint16Array(ANGLE_BINS);
  private readonly pitch = new Uint16Array(ANGLE_BINS);
  private n = 0;

  get samples(): number {
    return this.n;
  }

  add(ear: number, yaw: number, pitch: number): void {
    // Saturating counts: a window longer than ~36 min at 30/s would overflow a bin otherwise.
    if (this.n >= 65_535) return;
    count(this.ear, bin(ear, 0, EAR_BIN, EAR_BINS));
    count(this.yaw, bin(yaw, -90, ANGLE_BIN, ANGLE_BINS));
    count(this.pitch, bin(pitch, -90, ANGLE_BIN, ANGLE_BINS));
    this.n++;
  }

  /** The median pitch so far, limited to ±maxNeutralDeg: the provisional neutral during calibration. */
  provisionalPitch(maxNeutralDeg: number): number {
    const pitch = percentile(this.pitch, this.n, 0.5) * ANGLE_BIN - 90;
    return Math.max(-maxNeutralDeg, Math.min(maxNeutralDeg, pitch));
  }

  /** The calibration so far; neutral angles are limited to ±maxNeutralDeg (the camera is in front). */
  result(maxNeutralDeg: number): Calibration {
    const limit = (v: number) => Math.max(-maxNeutralDeg, Math.min(maxNeutralDeg, v));
    return {
      openEar: percentile(this.ear, this.n, OPEN_EAR_PERCENTILE) * EAR_BIN,
      neutralYaw: limit(percentile(this.yaw, this.n, 0.5) * ANGLE_BIN - 90),
      neutralPitch: limit(percentile(this.pitch, this.n, 0.5) * ANGLE_BIN - 90),
    };
  }
}

function count(hist: Uint16Array, i: number): void {
  hist[i] = (hist[i] ?? 0) + 1;
}

function bin(value: number, min: number, width: number, bins: number): number {
  const i = Math.round((value - min) / width);
  return i < 0 ? 0 : i >= bins ? bins - 1 : i;
}

/** Index of the bin holding the q-th quantile of `n` counted samples. */
function percentile(hist: Uint16Array, n: number, q: number): number {
  const target = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    seen += hist[i] ?? 0;
    if (seen >= target) return i;
  }
  return hist.length - 1;
}
