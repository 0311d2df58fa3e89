import { randomUUID } from "node:crypto";
import { statSync } from "node:fs";
import { open, statfs, unlink } from "node:fs/promises";
import { resolve } from "node:path";
import { existingAncestor, storageProblem, unwritableReason } from "../delivery/storage-errors.js";

export interface DataDirReport {
  ok: boolean;
  state: "ok" | "full" | "read-only" | "not-a-dir" | "low";
  detail: string;
  fix?: string;
  freeBytes?: number;
}

const PROBE_BYTES = 4096;

export function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

async function freeBytes(dir: string): Promise<number> {
  const fs = await statfs(dir);
  return fs.bavail * fs.bsize;
}

const FIX = {
  "read-only":
    "remount that disk read-write (mount -o remount,rw <mount point>) or set dataDir to a writable disk",
  access: "give the user the agent runs as write access (chown it), or set dataDir to a folder it owns",
  full: "free some space; the agent holds events in memory meanwhile and drops the oldest past its bound",
  low: "free some space; the event queue needs room while the hub is unreachable",
};

/**
 * Whether the agent can keep its queue in `dataDir`: writes, fsyncs and removes a probe file there and
 * reports the free space. A dir that does not exist yet is not created (doctor changes nothing); its
 * nearest existing parent must then be writable. Failures name the cause instead of the "ENOENT: mkdir"
 * Node gives for a folder it cannot create on a read-only disk.
 */
export async function probeDataDir(dataDir: string, minFree: number): Promise<DataDirReport> {
  const dir = resolve(dataDir);
  const parent = existingAncestor(dir);
  if (parent !== dir) {
    const reason = unwritableReason(parent);
    if (reason) {
      const access = reason[0] === "EROFS" ? "read-only" : "access";
      return {
        ok: false,
        state: "read-only",
        detail: `cannot create data dir ${dir}: parent ${parent} ${reason[1]}`,
        fix: FIX[access],
      };
    }
    return spaceReport(dir, parent, await freeBytes(parent), minFree);
  }
  if (!statSync(dir).isDirectory())
    return {
      ok: false,
      state: "not-a-dir",
      detail: `data dir ${dir} is a file`,
      fix: "set dataDir to a folder",
    };
  const free = await freeBytes(dir);
  const probe = resolve(dir, `.doctor-probe-${randomUUID()}`);
  try {
    const file = await open(probe, "wx");
    try {
      const { bytesWritten } = await file.write(Buffer.alloc(PROBE_BYTES, 0x2e));
      if (bytesWritten < PROBE_BYTES) throw Object.assign(new Error("short write"), { code: "ENOSPC" });
      await file.sync();
    } finally {
      await file.close();
      await unlink(probe).catch(() => undefined);
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "";
    const problem = storageProblem(err);
    if (problem === "full")
      return {
        ok: false,
        state: "full",
        detail: `data dir ${dir} is full: ${formatBytes(free)} free (${code})`,
        fix: FIX.full,
        freeBytes: free,
      };
    if (problem === "read-only") {
      const reason = unwritableReason(dir)?.[1] ?? `refuses writes (${code})`;
      return {
        ok: false,
        state: "read-only",
        detail: `data dir ${dir} ${reason}`,
        fix: FIX[code === "EROFS" ? "read-only" : "access"],
        freeBytes: free,
      };
    }
    throw err;
  }
  return spaceReport(dir, dir, free, minFree);
}

function spaceReport(dir: string, on: string, free: number, minFree: number): DataDirReport {
  const detail =
    on === dir
      ? `data dir ${dir} is writable, ${formatBytes(free)} free`
      : `data dir ${dir} does not exist yet; it will be created in ${on} (${formatBytes(free)} free)`;
  if (free >= minFree) return { ok: true, state: "ok", detail, freeBytes: free };
  const low = `${detail}: less than the ${formatBytes(minFree)} wanted`;
  return { ok: false, state: "low", detail: low, fix: FIX.low, freeBytes: free };
}

/**
 * The data dir's condition without writing anything (for `edge-agent status`): read-only or not
 * writable by this user, and the free space; "full" below one probe's worth.
 */
export async function peekDataDir(dataDir: string): Promise<DataDirReport> {
  const dir = resolve(dataDir);
  const on = existingAncestor(dir);
  const where = on === dir ? `data dir ${dir}` : `data dir ${dir} does not exist; parent ${on}`;
  const reason = unwritableReason(on);
  if (reason) return { ok: false, state: "read-only", detail: `${where} ${reason[1]}` };
  const free = await freeBytes(on);
  const state = free < PROBE_BYTES ? "full" : "ok";
  const detail = `${where} ${state === "full" ? "is full" : "is writable"}, ${formatBytes(free)} free`;
  return { ok: state === "ok", state, detail, freeBytes: free };
}
