import { accessSync, constants, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";

/** Directories on PATH, in order, so a binary the developer put first wins over a distribution default. */
export function pathDirs(): string[] {
  return (process.env.PATH ?? "").split(delimiter).filter((dir) => dir.length > 0);
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds an executable on PATH, then in `extraDirs`. Distributions put daemons in sbin dirs or versioned dirs
 * that are not on a CI user's PATH (Debian: /usr/sbin/mosquitto, /usr/lib/postgresql/15/bin/initdb).
 */
export function findBinary(name: string, extraDirs: readonly string[] = []): string | undefined {
  const dir = findBinDir([name], extraDirs);
  return dir === undefined ? undefined : join(dir, name);
}

/**
 * The first directory on PATH or in `extraDirs` that holds all of `names`. Tools meant to be used together
 * (initdb, pg_ctl, postgres) must come from one directory, or a newer initdb may build a cluster an older
 * server cannot read.
 */
export function findBinDir(names: readonly string[], extraDirs: readonly string[] = []): string | undefined {
  for (const dir of [...pathDirs(), ...extraDirs]) {
    if (names.every((name) => isExecutable(join(dir, name)))) return dir;
  }
  return undefined;
}

/**
 * Subdirectories of `root` whose names are versions ("15", "9.6"), newest first; e.g. Debian installs each
 * PostgreSQL major side by side under /usr/lib/postgresql/<version>.
 */
export function versionedDirsNewestFirst(root: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return [];
  }
  return entries
    .filter((name) => /^\d+(\.\d+)*$/.test(name))
    .sort((a, b) => compareVersions(b, a))
    .map((name) => join(root, name));
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
