import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { media } from "./media.js";

/**
 * The labelled container-gate pictures in the shared media dir (`containers/`, see its README): real
 * 1920×1080 photographs of 5 truck passages × 5 camera views from the public project
 * Ismailea4/ContainerVision-Marsa_Maroc, MIT licence. Anything derived from them (the gate clip) keeps
 * that attribution.
 */
export const GATE_MEDIA_DIR = media("containers");

/** Camera views of one passage: rear from above, rear of the second box, left back/front, right front. */
export const GATE_VIEWS = ["AH", "AS", "LB", "LF", "RF"] as const;
export type GateView = (typeof GATE_VIEWS)[number];

/** One row of `labels.tsv`: what a picture shows. */
export interface GateLabel {
  /** Path relative to the containers dir, e.g. "124126001/1-124126001-OCR-AH-A01.jpg". */
  image: string;
  passage: string;
  view: GateView;
  /** ISO 6346 code with a valid check digit, e.g. "BEAU2656931". */
  code: string;
  /** Size/type code ("22G1"), absent where the picture does not show it. */
  sizeType?: string;
}

/** Why clips from the gate pictures cannot be made here, or undefined; for `describe.skipIf`. */
export function gateMediaUnavailableReason(dir = GATE_MEDIA_DIR): string | undefined {
  if (!existsSync(join(dir, "labels.tsv"))) return `gate pictures not found (${dir}/labels.tsv is missing)`;
  return undefined;
}

/** Reads `labels.tsv` (header line, tab-separated `image passage view code size_type`). */
export function readGateLabels(dir = GATE_MEDIA_DIR): GateLabel[] {
  return parseGateLabels(readFileSync(join(dir, "labels.tsv"), "utf8"));
}

export function parseGateLabels(text: string): GateLabel[] {
  const [header, ...rows] = text.split(/\r?\n/).filter((line) => line.trim().length > 0);
  const columns = header?.split("\t") ?? [];
  const at = (name: string) => {
    const index = columns.indexOf(name);
    if (index < 0) throw new Error(`testkit: labels.tsv has no column "${name}"`);
    return index;
  };
  const [image, passage, view, code, sizeType] = ["image", "passage", "view", "code", "size_type"].map(at);
  return rows.map((row, line) => {
    const cells = row.split("\t");
    const cell = (index: number | undefined) => cells[index ?? -1]?.trim() ?? "";
    const label: GateLabel = {
      image: cell(image),
      passage: cell(passage),
      view: asView(cell(view), line + 2),
      code: cell(code),
    };
    const size = cell(sizeType);
    if (size.length > 0) label.sizeType = size;
    return label;
  });
}

function asView(value: string, line: number): GateView {
  if ((GATE_VIEWS as readonly string[]).includes(value)) return value as GateView;
  throw new Error(`testkit: labels.tsv line ${line}: unknown view "${value}"`);
}
