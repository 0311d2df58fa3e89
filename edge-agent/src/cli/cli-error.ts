import { accessSync, constants, statSync } from "node:fs";
import { extname } from "node:path";
import { InvalidArgumentError } from "commander";

/** An error meant for the person at the terminal: printed as one line, exit code 1. */
export class CliError extends Error {}

const imageExtensions = new Set([".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif", ".tif", ".tiff", ".avif"]);

/** "image" or "video" by extension; URLs (rtsp://, http://) are videos. */
export function mediaKind(input: string): "image" | "video" {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) return "video";
  return imageExtensions.has(extname(input).toLowerCase()) ? "image" : "video";
}

/** Fails with one clear line when `path` is not a readable file (URLs pass through). */
export function requireReadable(path: string): void {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return;
  try {
    if (!statSync(path).isFile()) throw new CliError(`${path} is not a file`);
    accessSync(path, constants.R_OK);
  } catch (err) {
    if (err instanceof CliError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${path}: ${code === "ENOENT" ? "no such file" : (code ?? String(err))}`);
  }
}

// Number("") and Number("  ") are 0, which would let an empty option value through as a real setting.
const toNumber = (value: string): number => (value.trim() === "" ? Number.NaN : Number(value));

/** Positive integer option parser for commander (a bad value is a usage error, exit 2). */
export function positiveInt(name: string): (value: string) => number {
  return (value) => {
    const n = toNumber(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer`);
    return n;
  };
}

/** A number of seconds ≥ 0 for commander (0 allowed where it means "every frame"). */
export function seconds(name: string): (value: string) => number {
  return (value) => {
    const n = toNumber(value);
    if (!Number.isFinite(n) || n < 0)
      throw new InvalidArgumentError(`${name} must be a number of seconds ≥ 0`);
    return n;
  };
}

/** A number in [0, 1] for commander. */
export function fraction(name: string): (value: string) => number {
  return (value) => {
    const n = toNumber(value);
    if (!Number.isFinite(n) || n < 0 || n > 1)
      throw new InvalidArgumentError(`${name} must be between 0 and 1`);
    return n;
  };
}
