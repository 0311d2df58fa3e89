import type { AttentionThresholdOverrides } from "@sitewatch/hub/api-types";
import { type AttentionThresholds, attentionThresholdsSchema } from "@sitewatch/shared-protocol/attention";

export type ThresholdKey = keyof AttentionThresholds;
export type ThresholdUnit = "ms" | "ratio" | "deg" | "mar";

/** The text typed per overridden threshold; a key that is absent follows the default. */
export type ThresholdDraft = Partial<Record<ThresholdKey, string>>;
export type ThresholdErrors = Partial<Record<ThresholdKey, string>>;

const shape = attentionThresholdsSchema.shape;

/** Every threshold, in the shared schema's order (which groups eyes, blinks, yawns, head and presence). */
export const thresholdKeys = Object.keys(shape) as ThresholdKey[];

/** The schema's own text for a field, so the form and the protocol never explain it differently. */
export const thresholdDescription = (key: ThresholdKey): string => shape[key].description ?? "";

// The unit is part of each field's name in the shared schema; yawnMar is the one ratio not of 0–1.
export function thresholdUnit(key: ThresholdKey): ThresholdUnit {
  if (key.endsWith("Ms")) return "ms";
  if (key.endsWith("Deg")) return "deg";
  return key === "yawnMar" ? "mar" : "ratio";
}

export function thresholdRange(key: ThresholdKey): { min: number; max: number } {
  const field = shape[key].removeDefault();
  return { min: field.minValue ?? 0, max: field.maxValue ?? Number.POSITIVE_INFINITY };
}

export function draftOf(overrides: AttentionThresholdOverrides): ThresholdDraft {
  const draft: ThresholdDraft = {};
  for (const key of thresholdKeys) {
    const value = overrides[key];
    if (value !== undefined) draft[key] = String(value);
  }
  return draft;
}

export interface DraftTexts {
  notANumber: string;
  outOfRange(range: { min: number; max: number }): string;
  notWhole: string;
}

export type DraftCheck =
  | { ok: true; overrides: AttentionThresholdOverrides }
  | { ok: false; errors: ThresholdErrors };

/**
 * The overrides a draft stands for, checked against the shared field ranges first so a typo is shown
 * at its field at once; how the fields relate to each other is left to the hub, which owns that rule.
 */
export function checkDraft(draft: ThresholdDraft, texts: DraftTexts): DraftCheck {
  const overrides: Record<string, number> = {};
  const errors: ThresholdErrors = {};
  for (const key of thresholdKeys) {
    const text = draft[key];
    if (text === undefined) continue;
    const value = text.trim() === "" ? Number.NaN : Number(text);
    const range = thresholdRange(key);
    if (!Number.isFinite(value)) errors[key] = texts.notANumber;
    else if (value < range.min || value > range.max) errors[key] = texts.outOfRange(range);
    else if (!shape[key].removeDefault().safeParse(value).success) errors[key] = texts.notWhole;
    else overrides[key] = value;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, overrides: overrides as AttentionThresholdOverrides };
}

/** The hub's VALIDATION_FAILED details (`[{ path: "thresholds.blinkMinMs", message }]`) by field. */
export function serverErrors(details: unknown): ThresholdErrors {
  const errors: ThresholdErrors = {};
  if (!Array.isArray(details)) return errors;
  for (const issue of details as { path?: unknown; message?: unknown }[]) {
    if (typeof issue?.path !== "string" || typeof issue.message !== "string") continue;
    const [head, key] = issue.path.split(".");
    if (head === "thresholds" && key && (thresholdKeys as string[]).includes(key))
      errors[key as ThresholdKey] ??= issue.message;
  }
  return errors;
}
