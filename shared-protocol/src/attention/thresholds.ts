import { z } from "zod";

const ms = (max: number) => z.number().int().min(0).max(max);
const ratio = z.number().min(0).max(1);
const degrees = z.number().min(0).max(90);

/**
 * Settings of the attention machine, configurable per site by the hub. Eye thresholds are ratios of the
 * person's own open-eye level (calibrated per session and tracked while they change expression), because
 * fixed EAR cut-offs lose accuracy across people and cameras. The defaults were tuned on the real clips in
 * shared/media/faces (see edge-agent/src/cli/attention-clips.integration.test.ts).
 */
export const attentionThresholdsSchema = z.object({
  calibrationMs: ms(60_000)
    .default(2_000)
    .describe("Window after the first face in which the open-eye EAR and the neutral head pose are learnt"),
  closedEarRatio: ratio.default(0.8).describe("Eyes count as closed below this fraction of the open-eye EAR"),
  openEarRatio: ratio
    .default(0.9)
    .describe("Eyes count as open again at or above this fraction of the open-eye EAR (hysteresis)"),
  openEarFloorRatio: ratio
    .default(0.8)
    .describe("The tracked open-eye level never drops below this fraction of the calibrated one"),
  baselineMs: ms(10_000)
    .default(300)
    .describe("Time constant with which the open-eye level follows expression changes (squinting, smiling)"),
  blinkMinMs: ms(1_000).default(0).describe("Shortest eye closure counted as a blink"),
  blinkMaxMs: ms(5_000).default(800).describe("Longest eye closure counted as a blink"),
  blinkCloseMs: ms(1_000)
    .default(150)
    .describe("Half-closed longer than this before closing is an expression change (a smile), not a blink"),
  blinkConfirmMs: ms(1_000)
    .default(100)
    .describe("Eyes must stay open this long after a closure before it counts as one blink"),
  drowsyMs: ms(60_000).default(1_000).describe("Eyes closed at least this long: drowsy"),
  yawnMar: z
    .number()
    .min(0)
    .max(2)
    .default(0.6)
    .describe("A yawn opens the inner lips at least this high relative to the mouth width (MAR)"),
  yawnEndRatio: ratio
    .default(0.75)
    .describe("A yawn in progress continues while MAR stays above this fraction of yawnMar"),
  yawnMs: ms(60_000).default(1_500).describe("Mouth wide open at least this long: yawning"),
  distractedYawDeg: degrees.default(25).describe("Head turned further than this from the neutral pose"),
  distractedPitchDeg: degrees.default(20).describe("Head tilted further than this from the neutral pose"),
  neutralMaxDeg: degrees
    .default(20)
    .describe("Limit of the calibrated neutral pose, so a session started looking away still calibrates"),
  distractedMs: ms(600_000).default(3_000).describe("Head away at least this long: distracted"),
  absentMs: ms(600_000).default(3_000).describe("No face at least this long: absent"),
  presentMs: ms(10_000)
    .default(300)
    .describe("A face must be seen this long without a gap to end an absence (detector false positives)"),
  recoverMs: ms(60_000)
    .default(1_000)
    .describe("A state must be clear this long before returning to focused"),
});

export type AttentionThresholds = z.infer<typeof attentionThresholdsSchema>;

export const defaultAttentionThresholds: AttentionThresholds = attentionThresholdsSchema.parse({});
