import "../src/polyfills.js";
import { type BenchRow, reportBench } from "@sitewatch/testkit/bench";
import { CodeReader } from "../src/roles/gate/code/code-reader.js";
import type { CodeReading } from "../src/roles/gate/code/code-reading.js";
import {
  CONTAINERS_DIR,
  type GatePicture,
  type GateScore,
  gatePictures,
  hasGatePictures,
  type PictureReads,
  scoreReads,
} from "../src/roles/gate/code/gate-pictures.test-support.js";
import { loadRgb, type RawImage } from "../src/vision/image/raw-image.js";
import { Ocr } from "../src/vision/ocr/ocr.js";

// Issue 14: container numbers on the 25 real gate pictures (5 passages × 5 cameras), the code reader
// against plain OCR (every line recognised, the lines concatenated) in the same run, same models,
// same threads. `--quick` reads each picture once and only prints.
const QUICK = process.argv.includes("--quick");
const ROUNDS = QUICK ? 1 : 3;
const THREADS = 2;
const log = (line: string) => console.error(`[gate-codes] ${line}`);

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

interface Run {
  score: GateScore;
  /** Per picture, each round. */
  ms: number[];
  /** Per passage (its five pictures one after another), each round. */
  passageMs: number[];
}

/** Reads every picture `ROUNDS` times after one warm-up read; scores the first round. */
async function measure(
  name: string,
  pictures: readonly { picture: GatePicture; frame: RawImage }[],
  read: (frame: RawImage) => Promise<PictureReads["valid"]>,
): Promise<Run> {
  await read((pictures[0] as { frame: RawImage }).frame);
  const ms: number[] = [];
  const passageMs: number[] = [];
  let reads: PictureReads[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const perPassage = new Map<string, number>();
    const thisRound: PictureReads[] = [];
    for (const { picture, frame } of pictures) {
      const started = performance.now();
      const codes = await read(frame);
      const took = performance.now() - started;
      ms.push(took);
      perPassage.set(picture.passage, (perPassage.get(picture.passage) ?? 0) + took);
      thisRound.push({ picture, valid: codes });
      const shown = codes.map((c) => (c.sizeType ? `${c.code} ${c.sizeType}` : c.code)).join(", ");
      if (round === 0) log(`${name} ${picture.name}: ${shown || "-"} (${took.toFixed(0)} ms)`);
    }
    passageMs.push(...perPassage.values());
    if (round === 0) reads = thisRound;
  }
  return { score: scoreReads(reads), ms, passageMs };
}

if (!hasGatePictures) {
  log(`${CONTAINERS_DIR} is missing; nothing to measure`);
  process.exit(0);
}

const pictures = await Promise.all(
  gatePictures().map(async (picture) => ({ picture, frame: await loadRgb(picture.path) })),
);
const decodeMs: number[] = [];
for (const { picture } of pictures) {
  const started = performance.now();
  await loadRgb(picture.path);
  decodeMs.push(performance.now() - started);
}

/** A valid code with its size/type code when that was read valid. */
const validReading = (c: CodeReading) => ({ code: c.code, sizeType: c.sizeTypeValid ? c.sizeType : null });

const reader = await CodeReader.create({ threads: THREADS });
const staged = await measure("reader", pictures, async (frame) =>
  (await reader.read(frame)).codes.filter((c) => c.valid).map(validReading),
);
await reader.close();
const everyRegion = await CodeReader.create({ threads: THREADS, exhaustive: true });
const exhaustive = await measure("reader --all", pictures, async (frame) =>
  (await everyRegion.read(frame)).codes.filter((c) => c.valid).map(validReading),
);
await everyRegion.close();
// Plain OCR "reads" a code when the picture's code appears in its lines joined without spaces.
const ocr = await Ocr.create({ threads: THREADS });
const labels = new Set(pictures.map((p) => p.picture.code));
const plain = await measure("plain OCR", pictures, async (frame) => {
  const joined = (await ocr.recognize(frame)).lines.map((l) => l.text.replace(/\s/g, "")).join("");
  return [...labels].filter((code) => joined.includes(code)).map((code) => ({ code, sizeType: null }));
});
await ocr.close();

const pct = (n: number, of: number) => (100 * n) / of;
const accuracy = (label: string, s: GateScore, targets: boolean): BenchRow[] => [
  {
    name: `${label}: pictures whose code was read`,
    value: pct(s.picturesRead, s.pictures),
    unit: `% (${s.picturesRead} of ${s.pictures})`,
    target: targets ? "≥ 95 %" : "",
  },
  {
    name: `${label}: containers read in at least one picture of their passage`,
    value: pct(s.containersRead, s.containers),
    unit: `% (${s.containersRead} of ${s.containers})`,
    target: targets ? "100 %" : "",
  },
  {
    name: `${label}: passages with every container read`,
    value: pct(s.passagesRead, s.passages),
    unit: `% (${s.passagesRead} of ${s.passages})`,
  },
];
const timing = (label: string, run: Run, target: string): BenchRow[] => [
  { name: `${label}: time per picture, median`, value: quantile(run.ms, 0.5), unit: "ms", target },
  { name: `${label}: time per picture, p95`, value: quantile(run.ms, 0.95), unit: "ms", target },
  {
    name: `${label}: time per passage (5 pictures), median`,
    value: quantile(run.passageMs, 0.5),
    unit: "ms",
  },
  { name: `${label}: time per passage (5 pictures), p95`, value: quantile(run.passageMs, 0.95), unit: "ms" },
];
const rows: BenchRow[] = [
  ...accuracy("code reader", staged.score, true),
  {
    name: "code reader: wrong codes reported valid",
    value: staged.score.wrongValid.length,
    unit: "codes",
    target: "0",
  },
  {
    name: "code reader: size/type codes read (valid, as labelled)",
    value: pct(staged.score.sizeTypesRead, staged.score.sizeTypes),
    unit: `% (${staged.score.sizeTypesRead} of ${staged.score.sizeTypes}; ${staged.score.wrongSizeTypes.length} wrong)`,
  },
  ...timing("code reader", staged, "≤ 300 ms"),
  ...accuracy("code reader, every region read (--all)", exhaustive.score, false),
  {
    name: "code reader, every region read (--all): wrong codes reported valid",
    value: exhaustive.score.wrongValid.length,
    unit: "codes",
    target: "0",
  },
  ...timing("code reader, every region read (--all)", exhaustive, ""),
  ...accuracy("plain OCR, lines concatenated (baseline)", plain.score, false),
  ...timing("plain OCR, lines concatenated (baseline)", plain, ""),
  {
    name: "JPEG decode of a 1920×1080 picture, median (not in the times above)",
    value: quantile(decodeMs, 0.5),
    unit: "ms",
  },
];

const how = [
  `${pictures.length} real 1920×1080 gate pictures (../shared/media/containers: 5 truck passages × 5 cameras, 10`,
  "containers, codes on doors, roofs and as vertical columns on side walls). The code reader (edge-agent read-code) stops",
  "at the first valid number; --all recognises every detected region. A picture counts as read when its labelled code",
  "is reported valid; a code reported valid that is no container of the passage is wrong. Plain OCR is edge-agent ocr:",
  "every detected line recognised, a picture counts when its code appears in the lines joined without spaces (no",
  `check digit, so it cannot tell right from wrong). PP-OCRv4 det (960 px) + rec, onnxruntime CPU, ${THREADS} threads;`,
  `times are per decoded picture, ${ROUNDS} rounds over all pictures after a warm-up read.`,
  "`npm run bench -w @sitewatch/edge-agent`.",
].join(" ");
if (QUICK) for (const r of rows) console.log(`${r.name}: ${r.value} ${r.unit}`);
else reportBench("gate container codes", rows, how);
for (const wrong of [...staged.score.wrongValid, ...exhaustive.score.wrongValid]) log(`WRONG VALID ${wrong}`);
