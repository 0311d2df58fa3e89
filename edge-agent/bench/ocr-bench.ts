import type { BenchRow } from "@sitewatch/testkit/bench";
import { Ocr } from "../src/vision/ocr/ocr.js";
import { renderPanel } from "../src/vision/ocr/ocr-fixtures.test-support.js";
import { rssMb, timeRuns } from "./timing.js";

/** PP-OCRv4 det + rec on a rendered 640×240 gate crop carrying a container code in two lines. */
export async function ocrBench(runs: number, threads: number): Promise<BenchRow[]> {
  const crop = await renderPanel({
    lines: ["CSQU 305438 3", "22G1"],
    background: "#1f4e8c",
    foreground: "#ffffff",
    width: 640,
    height: 240,
    rotate: 4,
    noise: 12,
  });
  const before = rssMb();
  const ocr = await Ocr.create({ threads });
  const first = await ocr.recognize(crop);
  const read = first.lines.map((l) => l.text).join(" | ");
  console.error(`[bench] ocr read: ${read}`);
  const t = await timeRuns(() => ocr.recognize(crop), runs);
  const sessionMb = rssMb() - before;
  await ocr.close();
  return [
    { name: "OCR det+rec, 640×240 gate crop: median", value: t.median, unit: "ms", target: "≤ 150 ms" },
    { name: "OCR det+rec, 640×240 gate crop: p95", value: t.p95, unit: "ms" },
    { name: `OCR read (expected "CSQU 305438 3 | 22G1")`, value: first.lines.length, unit: `lines: ${read}` },
    { name: "OCR memory (sessions + runs)", value: sessionMb, unit: "MB RSS growth" },
  ];
}
