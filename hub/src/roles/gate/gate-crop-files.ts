import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";

/** Where an entry's crop lives, relative to the data directory (that is what its row stores). */
export function gateCropPath(site: string, entry: string): string {
  // The site id is a slug and the entry id a UUID (both validated by the decoder): neither can climb out.
  return join("gate-crops", site, `${entry}.jpg`);
}

/**
 * Writes `bytes` to `<dataDir>/<relative>` so that nobody ever reads a partial picture and a crash
 * after the function returned keeps the file: a temporary file beside the target, synced, renamed
 * over it, and the directory synced so the rename itself is on disk before the row that names it.
 */
export async function writeCropFile(dataDir: string, relative: string, bytes: Uint8Array): Promise<void> {
  const file = join(dataDir, relative);
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    const handle = await open(temporary, "wx");
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
  const directory = await open(dir, "r");
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

/** The stored crop's bytes, or null when its file is gone (removed by retention, lost with a disk). */
export async function readCropFile(
  dataDir: string,
  relative: string,
): Promise<Uint8Array<ArrayBuffer> | null> {
  try {
    // Rows hold paths the ingest built from validated ids, relative to the data directory.
    return new Uint8Array(await readFile(join(dataDir, relative)));
  } catch {
    return null;
  }
}
