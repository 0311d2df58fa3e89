import { accessSync, constants, existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";

/** How the data dir is doing: `full` (ENOSPC, EDQUOT) or `read-only` (EROFS, EACCES, EPERM). */
export type StorageState = "ok" | "full" | "read-only";

/** What the outbox reports about its disk, in health, `edge-agent status` and the logs. */
export interface StorageStatus {
  state: StorageState;
  /** Events the disk could not take, waiting in memory (published from there when connected). */
  heldInMemory: number;
  /** Events discarded unsent because the disk could not take them and the memory bound was hit. */
  droppedEvents: number;
  /** The last write error while the state is not `ok`, e.g. "ENOSPC: no space left on device, write". */
  error?: string;
  /** Epoch ms when the state left `ok`. */
  since?: number;
}

const FULL = new Set(["ENOSPC", "EDQUOT"]);
const READ_ONLY = new Set(["EROFS", "EACCES", "EPERM"]);

/**
 * The storage problem an fs error means, or undefined for anything else. Only these are survivable by
 * holding events in memory; other errors (EIO, EBADF, a bug) still propagate.
 */
export function storageProblem(err: unknown): Exclude<StorageState, "ok"> | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code && FULL.has(code)) return "full";
  if (code && READ_ONLY.has(code)) return "read-only";
  return undefined;
}

/** An fs error with the precise reason a directory cannot be written, keeping the original code. */
export class StorageError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = "StorageError";
  }
}

/** The nearest ancestor of `dir` that exists (the root at worst). */
export function existingAncestor(dir: string): string {
  let at = resolve(dir);
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  return at;
}

/** Why `dir` (which exists) cannot be written, as `[code, "is read-only (EROFS)"]`, or undefined if it can. */
export function unwritableReason(dir: string): [string, string] | undefined {
  try {
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "EACCES";
    if (code === "EROFS") return [code, "is read-only (EROFS)"];
    if (code === "EACCES" || code === "EPERM")
      return [code, `is not writable by uid ${process.getuid?.() ?? "?"} (${code})`];
    return [code, `cannot be checked: ${(err as Error).message}`];
  }
}

/**
 * `mkdir -p` that says what is wrong. Node reports a directory it cannot create on a read-only disk as
 * "ENOENT: no such file or directory, mkdir", which sends people looking for a typo; this names the
 * parent that exists and why it refuses, e.g. "cannot create /data/outbox: parent /data is read-only
 * (EROFS)", with the code set to EROFS or EACCES so callers can treat it as a storage problem.
 */
export function ensureDir(dir: string, what = "directory"): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && !storageProblem(err)) throw err;
    const parent = existingAncestor(dir);
    const reason = parent === resolve(dir) ? undefined : unwritableReason(parent);
    if (reason)
      throw new StorageError(`cannot create ${what} ${dir}: parent ${parent} ${reason[1]}`, reason[0]);
    throw new StorageError(`cannot create ${what} ${dir}: ${(err as Error).message}`, code ?? "EIO");
  }
}

/** One line for logs and health: the message without Node's trailing path noise. */
export function describeStorageError(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split("\n")[0]?.slice(0, 200) ?? "";
}
