import { execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "vitest";

/**
 * A real, tiny filesystem for the full-disk and read-only tests: a tmpfs of a few hundred KiB that can
 * be filled to the last byte and remounted read-only, as a data dir on a full SD card or a disk the
 * kernel remounted read-only after errors would be. Mounting needs root (CI and the dev container run
 * as root); `tmpfsUnavailableReason()` says why not otherwise, and the tests skip with that reason.
 */
export interface Tmpfs {
  readonly dir: string;
  /** Writes a filler file until the disk refuses; returns the bytes it took. */
  fill(): number;
  /** Deletes the filler again. */
  free(): void;
  remount(mode: "ro" | "rw"): void;
  unmount(): void;
}

const FILLER = ".filler";

function mount(dir: string, sizeBytes: number): void {
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeBytes}`, "tmpfs", dir], { stdio: "pipe" });
}

let probed: string | undefined | null = null;

/** Why a tmpfs cannot be mounted here, or undefined when it can (checked once, by mounting one). */
export function tmpfsUnavailableReason(): string | undefined {
  if (probed !== null) return probed;
  const dir = mkdtempSync(join(tmpdir(), "tmpfs-probe-"));
  try {
    mount(dir, 64 * 1024);
    execFileSync("umount", [dir], { stdio: "pipe" });
    probed = undefined;
  } catch (err) {
    const text = String((err as { stderr?: Buffer }).stderr ?? (err as Error).message).trim();
    probed = `cannot mount a tmpfs (needs root or CAP_SYS_ADMIN): ${text.split("\n")[0]}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return probed;
}

/** Call at the top of a test file: when no tmpfs can be mounted, one skipped test says why. */
export function explainTmpfsSkip(): string | undefined {
  const reason = tmpfsUnavailableReason();
  if (reason) it.skip(`skipped: ${reason}`, () => {});
  return reason;
}

export function mountTmpfs(sizeBytes: number): Tmpfs {
  const dir = mkdtempSync(join(tmpdir(), "tmpfs-"));
  mount(dir, sizeBytes);
  let mounted = true;
  return {
    dir,
    fill() {
      const fd = openSync(join(dir, FILLER), "a");
      const chunk = Buffer.alloc(4096, 0x66);
      let total = 0;
      try {
        for (;;) {
          const n = writeSync(fd, chunk);
          total += n;
          if (n < chunk.byteLength) break;
        }
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOSPC") throw err;
      } finally {
        closeSync(fd);
      }
      return total;
    },
    free() {
      unlinkSync(join(dir, FILLER));
    },
    remount(mode) {
      execFileSync("mount", ["-o", `remount,${mode}`, dir], { stdio: "pipe" });
    },
    unmount() {
      if (!mounted) return;
      mounted = false;
      // Lazy, so a file a failed test left open cannot keep the mount (and the temp dir) around.
      execFileSync("umount", ["-l", dir], { stdio: "pipe" });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
