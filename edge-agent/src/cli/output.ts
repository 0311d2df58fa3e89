import { writeFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";

/** JSON for scripts, one value per run; numbers rounded so diffs between runs stay readable. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, (_k, v) => (typeof v === "number" ? round(v) : v))}\n`);
}

function round(v: number): number {
  return Number.isInteger(v) ? v : Math.round(v * 1000) / 1000;
}

export const fmtBox = (b: readonly number[]): string => `[${b.map((v) => Math.round(v)).join(", ")}]`;

/** Where an annotated copy goes by default: next to the working directory, never over the input. */
export function annotatedPath(input: string, suffix: string, explicit?: string): string {
  if (explicit) return explicit;
  const name = basename(input, extname(input));
  return join(process.cwd(), `${name}.${suffix}.png`);
}

export async function writeOutput(path: string, data: Buffer): Promise<void> {
  await writeFile(path, data);
}
