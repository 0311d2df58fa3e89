import type { Command } from "commander";
import { annotate } from "../vision/image/annotate.js";
import { loadRgb } from "../vision/image/raw-image.js";
import { Ocr } from "../vision/ocr/ocr.js";
import { CliError, positiveInt, requireReadable } from "./cli-error.js";
import { annotatedPath, fmtBox, printJson, writeOutput } from "./output.js";

export function registerOcr(program: Command): void {
  program
    .command("ocr")
    .description("read text lines in a picture (PP-OCRv4 detection + recognition)")
    .argument("<image>", "picture file")
    .option("--json", "print JSON instead of one line per text line")
    .option("--out <file>", "where to write the annotated picture (default ./<name>.text.png)")
    .option("--threads <n>", "inference threads", positiveInt("--threads"))
    .action(async (input: string, flags: { json?: boolean; out?: string; threads?: number }) => {
      requireReadable(input);
      const frame = await loadRgb(input).catch((err: Error) => {
        throw new CliError(`cannot decode ${input} as an image: ${err.message}`);
      });
      const ocr = await Ocr.create({ threads: flags.threads }).catch((err: Error) => {
        throw new CliError(err.message);
      });
      try {
        const started = performance.now();
        const { lines } = await ocr.recognize(frame);
        const ms = performance.now() - started;
        if (flags.json) return printJson({ input, width: frame.width, height: frame.height, lines });
        for (const l of lines) console.log(`${l.text}\t${l.confidence.toFixed(2)}\t${fmtBox(l.xyxy)}`);
        const out = annotatedPath(input, "text", flags.out);
        await writeOutput(
          out,
          await annotate(
            frame,
            lines.map((l) => ({ box: l.xyxy, label: l.text, score: l.confidence })),
          ),
        );
        console.log(`${lines.length} text lines in ${ms.toFixed(0)} ms; annotated copy: ${out}`);
      } finally {
        await ocr.close();
      }
    });
}
