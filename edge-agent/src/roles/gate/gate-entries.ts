import { parseContainerNumber, uuidv7 } from "@sitewatch/shared-protocol";
import type { Box } from "../../vision/detect/detector.js";
import type { RoleEvent } from "../role-module.js";
import { agreedDirection } from "./direction.js";
import type { CropStore } from "./gate-crops.js";
import type { PassagePart } from "./passage-group.js";
import { type Verdict, votePassage } from "./passage-votes.js";

type GateEntryEvent = Extract<RoleEvent, { kind: "gateEntry" }>;
type GateEntryFields = GateEntryEvent["fields"];

/** The protocol's limit on `rawText`. */
const RAW_TEXT_MAX = 64;

const epochMs = (t: number) => Math.max(0, Math.round(t));
const roundBox = (b: Readonly<Box>): Box => [
  Math.round(b[0]),
  Math.round(b[1]),
  Math.round(b[2]),
  Math.round(b[3]),
];

/**
 * The device-local name of an entry's picture, carried in `snapshotRef`; the crop waits in the
 * analyser's CropStore under it until it is sent as the entry's gateCrop.
 */
export function cropRef(part: Pick<PassagePart, "camera" | "trackId">, at: number): string {
  return `gate/${part.camera}/${part.trackId}/${epochMs(at)}`;
}

/**
 * The container fields of a verdict. parseContainerNumber derives the check-digit flag from the digits
 * themselves; a code the reader would not vouch for but whose digits happen to check out is left
 * without container fields (only its raw text), so no entry ever claims a validity its reads lacked.
 */
function containerOf(verdict: Verdict) {
  const parsed = verdict.code === undefined ? null : parseContainerNumber(verdict.code);
  if (!parsed || parsed.checkDigitValid !== verdict.valid) return undefined;
  return parsed;
}

/**
 * One gateEntry per container of a finished passage (one entry for the vehicle when nothing at all
 * was read), each naming its best frame's crop. Reads of every part vote together; the direction is
 * the one the parts agree on; the vehicle is the one the longest track saw. The entries share a new
 * `passage` id, so the hub can tell the containers of one truck from those of the next.
 */
export function passageEntries(parts: readonly PassagePart[], crops: CropStore): RoleEvent[] {
  const main = [...parts].sort(
    (a, b) => b.hits - a.hits || a.camera.localeCompare(b.camera) || a.trackId - b.trackId,
  )[0];
  if (!main) return [];
  const common = {
    passage: uuidv7(),
    vehicleClass: main.label.slice(0, 32),
    direction: agreedDirection(parts.map((p) => p.direction)),
  };
  /** Stores the frame's crop for the entry and names it; the part that saw the frame owns it. */
  const keep = (frame: string | undefined) => {
    const part = frame === undefined ? undefined : parts.find((p) => p.crops.has(frame));
    const crop = frame === undefined ? undefined : part?.crops.get(frame);
    if (!part || !crop) return {};
    const ref = cropRef(part, crop.at);
    crops.put({ ref, image: crop.image, box: roundBox(crop.box), at: crop.at });
    return { snapshotRef: ref, trackId: part.trackId, at: epochMs(crop.at) };
  };
  const verdicts = votePassage(parts.flatMap((p) => p.reads));
  if (verdicts.length === 0) {
    const fields: GateEntryFields = {
      at: epochMs(main.lastAt),
      trackId: main.trackId,
      rawText: "",
      confidence: 0,
      ...common,
      ...keep(main.bestFrame),
    };
    return [{ kind: "gateEntry", fields }];
  }
  return verdicts.map((verdict) => {
    const container = containerOf(verdict);
    const fields: GateEntryFields = {
      at: epochMs(verdict.best.at),
      trackId: main.trackId,
      rawText: verdict.rawText.slice(0, RAW_TEXT_MAX),
      confidence: Math.min(1, Math.max(0, verdict.confidence)),
      box: roundBox(verdict.best.box),
      ...common,
      ...(container ? { container } : {}),
      ...keep(verdict.best.frame),
    };
    return { kind: "gateEntry", fields } satisfies GateEntryEvent;
  });
}
