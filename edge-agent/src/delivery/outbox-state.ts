import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";

/**
 * The small part of the outbox that is not in the segments: how far the broker has acknowledged, how many
 * records were evicted or dropped (reported in health as `outboxDropped`), and the next id, which must
 * survive even when every segment has been deleted. On a full or read-only disk it stays in memory and
 * is written when the disk takes writes again.
 */
export interface OutboxState {
  ackedId: number;
  evicted: number;
  /** Records discarded because the disk could not take them and the memory tail was full. */
  diskDropped: number;
  nextId: number;
}

const FILE = "outbox-state.json";

export function readState(dir: string): OutboxState {
  let text: string;
  try {
    text = readFileSync(join(dir, FILE), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT")
      return { ackedId: 0, evicted: 0, diskDropped: 0, nextId: 1 };
    throw err;
  }
  const raw = JSON.parse(text) as Partial<OutboxState>;
  const num = (v: unknown, fallback: number) =>
    typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? v : fallback;
  return {
    ackedId: num(raw.ackedId, 0),
    evicted: num(raw.evicted, 0),
    diskDropped: num(raw.diskDropped, 0),
    nextId: Math.max(1, num(raw.nextId, 1)),
  };
}

/** Write-then-rename, so a crash leaves either the old or the new state, never half a JSON file. */
export function writeState(dir: string, state: OutboxState, durable: boolean): void {
  const tmp = join(dir, `${FILE}.tmp`);
  const fd = openSync(tmp, "w");
  try {
    const text = Buffer.from(JSON.stringify(state));
    // A full disk can take part of the text without an error; renaming that would lose the cursor.
    if (writeSync(fd, text) < text.byteLength)
      throw Object.assign(new Error("ENOSPC: no space left on device, write (short write)"), {
        code: "ENOSPC",
      });
    if (durable) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dir, FILE));
  if (durable) {
    // The rename itself is only durable once the directory entry is flushed.
    const dirFd = openSync(dir, "r");
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }
}
