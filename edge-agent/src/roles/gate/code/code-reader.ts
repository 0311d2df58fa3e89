import type { ImageSource, RawImage } from "../../../vision/image/raw-image.js";
import { Ocr, type OcrOptions } from "../../../vision/ocr/ocr.js";
import { assemble } from "./assemble.js";
import { type CodeReading, toReading } from "./code-reading.js";
import { type PickedCode, pickCodes } from "./pick-codes.js";
import { followUps, mayHoldSizeType, prioritise, sizeTypeProbe } from "./reading-plan.js";
import { type Piece, readPieces, type VerticalMode } from "./region-reader.js";
import { type SizeTypeRead, sizeTypeNear } from "./size-type-read.js";
import { charSize, extendRegion, type TextRegion, toRegion } from "./text-region.js";

export interface CodeReaderOptions extends OcrOptions {
  /** Share an Ocr already loaded elsewhere (not closed by the reader); otherwise one is created. */
  ocr?: Ocr;
  /** Recognise every detected region instead of stopping once a valid code is read. */
  exhaustive?: boolean;
  /** How vertical columns are read (region-reader.ts); "cells" unless measuring the alternative. */
  vertical?: VerticalMode;
}

export interface CodeReadResult {
  /** Valid codes first (most confident first), then uncertain and invalid readings. */
  codes: CodeReading[];
  /** Wall time of the whole read (decoding included when given a file or encoded bytes). */
  ms: number;
}

/** Regions recognised per round: the first round usually holds the number. */
const FIRST_ROUND = 4;
const LATER_ROUND = 6;

/**
 * Reads ISO 6346 container numbers in a picture: detects text, recognises the likeliest regions
 * first, assembles numbers from one or several pieces (check-digit repaired), looks again past a
 * number whose boxed check digit was missed, and adds the size/type code printed next to it.
 */
export class CodeReader {
  private constructor(
    private readonly ocr: Ocr,
    private readonly ownsOcr: boolean,
    private readonly options: CodeReaderOptions,
  ) {}

  static async create(options: CodeReaderOptions = {}): Promise<CodeReader> {
    if (options.ocr) return new CodeReader(options.ocr, false, options);
    return new CodeReader(await Ocr.create(options), true, options);
  }

  async read(frame: ImageSource): Promise<CodeReadResult> {
    const started = performance.now();
    const { image, rects } = await this.ocr.detectRegions(frame);
    const queue = prioritise(rects.map(toRegion), image.height);
    const pieces: Piece[] = [];
    const looked = new Set<Piece>();
    let picked: PickedCode[] = [];
    while (queue.length > 0) {
      const next = followUps(pieces, queue);
      const round =
        next.length > 0
          ? next.map((r) => queue.splice(queue.indexOf(r), 1)[0] as TextRegion)
          : queue.splice(0, pieces.length === 0 ? FIRST_ROUND : LATER_ROUND);
      pieces.push(...(await this.recognise(image, round)));
      picked = await this.pick(image, pieces, looked);
      if (!this.options.exhaustive && picked.some(isClaimed)) break;
    }
    const taken = new Set(picked.flatMap((p) => p.sightings.flat()));
    const sizeTypeOf = (p: PickedCode) =>
      bestSizeType(p.sightings.map((s) => sizeTypeNear(regionsOf(s), pieces, taken)));
    // The size/type code sits beside or under its number: read the likely boxes not read yet, or
    // beside a vertical number where the detector found none, where it usually is.
    const missing = picked.filter((p) => isClaimed(p) && !sizeTypeOf(p)?.valid);
    const extra = missing.flatMap((p) => {
      const near = queue.filter((r) => mayHoldSizeType(r, regionsOf(p.pieces))).slice(0, 2);
      const probe = near.length === 0 ? sizeTypeProbe(regionsOf(p.pieces)) : undefined;
      return probe ? [probe] : near;
    });
    pieces.push(...(await this.recognise(image, [...new Set(extra)])));
    const codes = picked.map((p) => toReading(p, sizeTypeOf(p), image.width, image.height));
    return { codes, ms: performance.now() - started };
  }

  async close(): Promise<void> {
    if (this.ownsOcr) await this.ocr.close();
  }

  private recognise(image: RawImage, regions: readonly TextRegion[]): Promise<Piece[]> {
    return readPieces(this.ocr, image, regions, this.options.vertical);
  }

  /**
   * Assembles the pieces; a number read up to its serial but without its check digit (the boxed
   * digit is often detected apart or not at all) gets its last piece read again, stretched past its
   * end by about one character box, and the pieces are assembled once more.
   */
  private async pick(image: RawImage, pieces: Piece[], looked: Set<Piece>): Promise<PickedCode[]> {
    const first = assemble(pieces);
    const solved = new Set(
      first.candidates.filter((c) => isClaimed(c.result)).map((c) => c.window.pieces[0]),
    );
    const stretch: TextRegion[] = [];
    for (const window of first.incomplete) {
      const last = window.pieces[window.pieces.length - 1] as Piece;
      if (looked.has(last) || solved.has(window.pieces[0] as Piece)) continue;
      looked.add(last);
      const reach = charSize(last.region) * (last.region.orientation === "vertical" ? 2 : 1.6);
      stretch.push(extendRegion(last.region, 0, reach));
    }
    if (stretch.length === 0) return pickCodes(first.candidates, first.incomplete);
    const again = await this.recognise(image, stretch);
    for (const p of again) looked.add(p);
    pieces.push(...again);
    const second = assemble(pieces);
    return pickCodes(second.candidates, second.incomplete);
  }
}

const regionsOf = (pieces: readonly Piece[]) => pieces.map((p) => p.region);

/** A valid reading from any sighting of the code beats an invalid one; otherwise the first found. */
function bestSizeType(reads: readonly (SizeTypeRead | undefined)[]): SizeTypeRead | undefined {
  return reads.find((r) => r?.valid) ?? reads.find((r) => r !== undefined);
}

const isClaimed = (p: { status: string }) => p.status === "valid" || p.status === "repaired";
