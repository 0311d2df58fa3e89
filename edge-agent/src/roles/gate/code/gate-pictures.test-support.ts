import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { MEDIA_DIR } from "../../../media.test-support.js";

/**
 * The 25 labelled gate pictures of ../shared/media/containers (5 passages × 5 cameras) and how a
 * reader's results on them are scored, shared by the integration test and the benchmark.
 */
export const CONTAINERS_DIR = join(MEDIA_DIR, "containers");
export const hasGatePictures = existsSync(join(CONTAINERS_DIR, "labels.tsv"));

export interface GatePicture {
  /** Absolute path of the JPEG. */
  path: string;
  /** Path inside the containers folder, as labels.tsv names it. */
  name: string;
  passage: string;
  view: string;
  code: string;
  /** Null where the picture shows no size/type code. */
  sizeType: string | null;
}

export function gatePictures(): GatePicture[] {
  const [, ...rows] = readFileSync(join(CONTAINERS_DIR, "labels.tsv"), "utf8").trim().split("\n");
  return rows.map((row) => {
    const [name = "", passage = "", view = "", code = "", sizeType = ""] = row.split("\t");
    return { path: join(CONTAINERS_DIR, name), name, passage, view, code, sizeType: sizeType || null };
  });
}

/** What a reader reported for one picture, reduced to what is scored. */
export interface PictureReads {
  picture: GatePicture;
  /** Codes reported valid, with their size/type code when that was read valid. */
  valid: { code: string; sizeType: string | null }[];
}

export interface GateScore {
  pictures: number;
  /** Pictures where the labelled code was reported valid. */
  picturesRead: number;
  /** Valid codes that are no container of the picture's passage. */
  wrongValid: string[];
  containers: number;
  /** Containers reported valid in at least one picture of their passage. */
  containersRead: number;
  passages: number;
  /** Passages all of whose containers were read. */
  passagesRead: number;
  /** Pictures with a labelled size/type code, and those where it was read valid with the code. */
  sizeTypes: number;
  sizeTypesRead: number;
  /** Valid size/type codes that differ from the label of a picture whose code was read. */
  wrongSizeTypes: string[];
}

export function scoreReads(reads: readonly PictureReads[]): GateScore {
  const passageCodes = new Map<string, Set<string>>();
  for (const { picture } of reads) {
    const codes = passageCodes.get(picture.passage) ?? new Set<string>();
    codes.add(picture.code);
    passageCodes.set(picture.passage, codes);
  }
  const found = new Set<string>();
  const wrongValid: string[] = [];
  const wrongSizeTypes: string[] = [];
  let picturesRead = 0;
  let sizeTypesRead = 0;
  for (const { picture, valid } of reads) {
    const own = passageCodes.get(picture.passage) as Set<string>;
    for (const v of valid) {
      if (own.has(v.code)) found.add(`${picture.passage}/${v.code}`);
      else wrongValid.push(`${picture.name}: ${v.code}`);
    }
    const hit = valid.find((v) => v.code === picture.code);
    if (hit) picturesRead++;
    if (hit?.sizeType && picture.sizeType) {
      if (hit.sizeType === picture.sizeType) sizeTypesRead++;
      else wrongSizeTypes.push(`${picture.name}: ${hit.sizeType}`);
    }
  }
  const containers = [...passageCodes].flatMap(([passage, codes]) =>
    [...codes].map((c) => `${passage}/${c}`),
  );
  return {
    pictures: reads.length,
    picturesRead,
    wrongValid,
    containers: containers.length,
    containersRead: containers.filter((c) => found.has(c)).length,
    passages: passageCodes.size,
    passagesRead: [...passageCodes].filter(([p, codes]) => [...codes].every((c) => found.has(`${p}/${c}`)))
      .length,
    sizeTypes: reads.filter((r) => r.picture.sizeType).length,
    sizeTypesRead,
    wrongSizeTypes,
  };
}
