import {
  type AttentionThresholds,
  attentionThresholdsSchema,
  defaultAttentionThresholds,
} from "@sitewatch/shared-protocol/attention";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.js";
import { sites } from "../../db/schema/index.js";
import { ApiError } from "../../errors/api-error.js";

/** The thresholds an admin set for one site; every other one follows the shared default. */
export type ThresholdOverrides = Partial<AttentionThresholds>;
type Key = keyof AttentionThresholds;

const shape = attentionThresholdsSchema.shape;
const keys = Object.keys(shape) as Key[];
// The shared fields carry their defaults; unwrapped, a missing key stays missing instead of being
// filled in, so only what the admin chose is stored and a later change of a default reaches the site.
const field = (key: Key) => shape[key].removeDefault().describe(shape[key].description ?? key);
const fields = Object.fromEntries(keys.map((k) => [k, field(k)])) as {
  [K in Key]: ReturnType<(typeof shape)[K]["removeDefault"]>;
};

/** A partial set of thresholds: ranges as in shared-protocol, unknown keys refused. */
export const thresholdOverridesSchema = z
  .strictObject(fields)
  .partial()
  .describe("Only the thresholds that differ from the defaults; omitted ones follow the defaults");

/** Every threshold (overrides over the defaults), as a session would use them. */
export const effectiveThresholdsSchema = z.strictObject(fields);

// Pairs the ranges alone cannot keep apart: eyes that count as open again before they count as closed,
// or a blink window that admits nothing, would leave sessions that never see a closure or a blink.
const ORDERED: readonly [Key, Key][] = [
  ["closedEarRatio", "openEarRatio"],
  ["blinkMinMs", "blinkMaxMs"],
];

/** The thresholds sessions of a site get; throws VALIDATION_FAILED when the overrides contradict each other. */
export function effectiveThresholds(overrides: ThresholdOverrides): AttentionThresholds {
  const effective = { ...defaultAttentionThresholds, ...overrides };
  const issues = ORDERED.filter(([low, high]) => effective[low] > effective[high]).map(([low, high]) => ({
    path: `thresholds.${low in overrides ? low : high}`,
    message: `${low} (${effective[low]}) must not exceed ${high} (${effective[high]})`,
    code: "custom",
  }));
  if (issues[0]) throw new ApiError("VALIDATION_FAILED", `invalid thresholds: ${issues[0].message}`, issues);
  return effective;
}

/**
 * The overrides stored in a site row. Stored values were valid when written; a key a later shared schema
 * drops or a value outside a tightened range is skipped (its default applies) rather than failing every
 * session of the site.
 */
export function storedOverrides(stored: unknown): ThresholdOverrides {
  if (typeof stored !== "object" || stored === null) return {};
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const parsed = fields[key].safeParse((stored as Record<string, unknown>)[key]);
    if (parsed.success) out[key] = parsed.data;
  }
  const overrides = out as ThresholdOverrides;
  try {
    effectiveThresholds(overrides);
    return overrides;
  } catch {
    return {};
  }
}

/** Replaces a site's overrides (an empty set clears them); returns whether the site exists. */
export async function saveSiteThresholds(db: Db, site: string, overrides: ThresholdOverrides) {
  const value = Object.keys(overrides).length > 0 ? overrides : null;
  const rows = await db
    .update(sites)
    .set({ attentionThresholds: value })
    .where(eq(sites.id, site))
    .returning({ id: sites.id });
  return rows.length > 0;
}

/**
 * FocusSessions' `thresholdsFor`: read at each session start, uncached, so a change on one hub instance
 * reaches sessions started on any other; a start already reads the site row once.
 */
export function siteThresholdsReader(db: Db): (site: string) => Promise<ThresholdOverrides> {
  return async (site) => {
    const [row] = await db
      .select({ thresholds: sites.attentionThresholds })
      .from(sites)
      .where(eq(sites.id, site));
    return storedOverrides(row?.thresholds);
  };
}
