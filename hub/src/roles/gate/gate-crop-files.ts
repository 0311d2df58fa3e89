import { mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { writeFileAtomic } from "../../files/atomic-file.js";

/** Where an entry's crop lives, relative to the data directory (that is what its row stores). */
export function gateCropPath(site: string, entry: string): string {
  // The site id is a slug and the entry id a UUID (both validated by the decoder): neither can climb out.
  return join("gate-crops", site, `${entry}.jpg`);
}

/** Writes the crop under `<dataDir>/<relative>` atomically and durably (see writeFileAtomic). */
export async function writeCropFile(dataDir: string, relative: string, bytes: Uint8Array): Promise<void> {
  const file = join(dataDir, relative);
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, bytes);
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
