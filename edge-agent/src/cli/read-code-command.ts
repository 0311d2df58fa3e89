import { basename } from "node:path";
import type { Command } from "commander";
import { CodeReader, type CodeReadResult } from "../roles/gate/code/code-reader.js";
import type { CodeReading } from "../roles/gate/code/code-reading.js";
import { loadRgb, type RawImage } from "../vision/image/raw-image.js";
import { CliError, positiveInt, requireReadable } from "./cli-error.js";
import { fmtBox, printJson } from "./output.js";

interface Flags {
  json?: boolean;
  threads?: number;
  all?: boolean;
}

export function registerReadCode(program: Command): void {
  program
    .command("read-code")
    .description("read ISO 6346 container numbers (check digit verified) and size/type codes in pictures")
    .argument("<image...>", "picture files")
    .option("--json", "print JSON instead of one line per code")
    .option("--threads <n>", "inference threads", positiveInt("--threads"))
    .option("--all", "read every text region instead of stopping at the first valid number (slower)")
    .action(async (inputs: string[], flags: Flags) => {
      // Every file is checked before the models load, so a typo fails at once.
      for (const input of inputs) requireReadable(input);
      const reader = await CodeReader.create({ threads: flags.threads, exhaustive: flags.all }).catch(
        (err: Error) => {
          throw new CliError(err.message);
        },
      );
      try {
        const pictures: { input: string; width: number; height: number; result: CodeReadResult }[] = [];
        for (const input of inputs) {
          const frame = await decode(input);
          const result = await reader.read(frame);
          pictures.push({ input, width: frame.width, height: frame.height, result });
          if (!flags.json) printPicture(input, result);
        }
        if (flags.json) {
          printJson({
            pictures: pictures.map((p) => ({
              input: p.input,
              width: p.width,
              height: p.height,
              ms: p.result.ms,
              codes: p.result.codes,
            })),
          });
        }
      } finally {
        await reader.close();
      }
    });
}

async function decode(input: string): Promise<RawImage> {
  return loadRgb(input).catch((err: Error) => {
    throw new CliError(`cannot decode ${input} as an image: ${err.message}`);
  });
}

function printPicture(input: string, result: CodeReadResult): void {
  const valid = result.codes.filter((c) => c.valid).length;
  console.log(
    `${basename(input)}: ${valid} valid of ${result.codes.length} read in ${result.ms.toFixed(0)} ms`,
  );
  for (const code of result.codes) console.log(`  ${describe(code)}`);
}

/** "BEAU 265693 1  valid  22G1  0.93  [888, 509, 1376, 590]", or what was read when it is not valid. */
function describe(c: CodeReading): string {
  const shown = c.valid ? `${c.owner}${c.category} ${c.serial} ${c.checkDigit}` : c.code;
  const status = c.status === "uncertain" ? `uncertain (${c.alternatives.join(" or ")})` : c.status;
  const sizeType = c.sizeType ? `${c.sizeType}${c.sizeTypeValid ? "" : " (invalid)"}` : "-";
  const raw = c.rawText !== c.code ? `  read as ${c.rawText}` : "";
  return `${shown}  ${status}  ${sizeType}  ${c.confidence.toFixed(2)}  ${fmtBox(c.box)}${raw}`;
}
