import { type GateSettings, gateSettingsSchema, type Point } from "@sitewatch/shared-protocol";

/**
 * A gate camera's settings as the form holds them: the shapes as points, every typed field as the text
 * in its input (so "0." or an emptied field survive until the user is done typing).
 */
export interface SettingsDraft {
  zone: Point[];
  directionLine?: [Point, Point];
  /** Comma-separated detector labels. */
  vehicleClasses: string;
  activeIntervalMs: string;
  /** Empty: the device's detector threshold. */
  scoreThreshold: string;
  minTrackFrames: string;
  lostAfterFrames: string;
  maxOcrFrames: string;
  /** Empty: the camera votes alone. */
  passageGroup: string;
  motionEnabled: boolean;
  motionThreshold: string;
  motionForceEvery: string;
}

export type DraftField = keyof SettingsDraft;
/** Messages per field; "other" holds one no field owns, shown beside the save button. */
export type FieldErrors = Partial<Record<DraftField | "other", string>>;

/** What a device runs with when nothing is set: the schema's defaults. */
export const defaultSettings = (): GateSettings => gateSettingsSchema.parse({});

const text = (n: number | undefined) => (n === undefined ? "" : String(n));

export function draftOf(s: GateSettings): SettingsDraft {
  return {
    zone: s.zone.map(([x, y]) => [x, y] as Point),
    directionLine: s.directionLine && [[...s.directionLine[0]], [...s.directionLine[1]]],
    vehicleClasses: s.vehicleClasses.join(", "),
    activeIntervalMs: text(s.activeIntervalMs),
    scoreThreshold: text(s.scoreThreshold),
    minTrackFrames: text(s.minTrackFrames),
    lostAfterFrames: text(s.lostAfterFrames),
    maxOcrFrames: text(s.maxOcrFrames),
    passageGroup: s.passageGroup ?? "",
    motionEnabled: s.motion.enabled,
    motionThreshold: text(s.motion.threshold),
    motionForceEvery: text(s.motion.forceEvery),
  };
}

const NUMERIC = [
  "activeIntervalMs",
  "scoreThreshold",
  "minTrackFrames",
  "lostAfterFrames",
  "maxOcrFrames",
  "motionThreshold",
  "motionForceEvery",
] as const satisfies readonly DraftField[];
const OPTIONAL: ReadonlySet<DraftField> = new Set(["scoreThreshold"]);

const MOTION: Readonly<Record<string, DraftField>> = {
  enabled: "motionEnabled",
  threshold: "motionThreshold",
  forceEvery: "motionForceEvery",
};
const TOP: ReadonlySet<string> = new Set<DraftField>([
  "zone",
  "directionLine",
  "vehicleClasses",
  "passageGroup",
  ...NUMERIC,
]);

/**
 * The form field a schema issue belongs to: `["motion", "threshold"]` → motionThreshold,
 * `["vehicleClasses", 2]` → vehicleClasses; anything else → "other". The hub reports the same paths
 * under `gate.`.
 */
export function fieldOf(path: readonly PropertyKey[]): DraftField | "other" {
  const [head, sub] = path;
  if (head === "motion") return MOTION[String(sub)] ?? "motionEnabled";
  return typeof head === "string" && TOP.has(head) ? (head as DraftField) : "other";
}

/** An empty optional field is left out, not sent as undefined: absent is what "unset" means on the wire. */
function withoutUnset<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export type DraftCheck = { ok: true; settings: GateSettings } | { ok: false; errors: FieldErrors };

/**
 * Validates the draft with shared-protocol's gateSettingsSchema, the one the hub and the device apply,
 * so a value the form accepts is one they accept; each field gets the schema's first complaint about
 * it. Text that is no number at all gets `notANumber` (the schema would only say "expected number").
 */
export function checkDraft(draft: SettingsDraft, notANumber: string): DraftCheck {
  const errors: FieldErrors = {};
  const numbers: Partial<Record<(typeof NUMERIC)[number], number>> = {};
  for (const name of NUMERIC) {
    const raw = draft[name].trim();
    if (raw === "" && OPTIONAL.has(name)) continue;
    const value = Number(raw);
    if (raw === "" || !Number.isFinite(value)) errors[name] = notANumber;
    else numbers[name] = value;
  }
  const group = draft.passageGroup.trim();
  const candidate = {
    zone: draft.zone,
    directionLine: draft.directionLine,
    vehicleClasses: draft.vehicleClasses
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean),
    activeIntervalMs: numbers.activeIntervalMs,
    scoreThreshold: numbers.scoreThreshold,
    minTrackFrames: numbers.minTrackFrames,
    lostAfterFrames: numbers.lostAfterFrames,
    maxOcrFrames: numbers.maxOcrFrames,
    passageGroup: group === "" ? undefined : group,
    motion: withoutUnset({
      enabled: draft.motionEnabled,
      threshold: numbers.motionThreshold,
      forceEvery: numbers.motionForceEvery,
    }),
  };
  const parsed = gateSettingsSchema.safeParse(withoutUnset(candidate));
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = fieldOf(issue.path);
      if (!errors[field]) errors[field] = issue.message;
    }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, settings: parsed.data };
}
