import { type FileHandle, open, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { INDEX_FILE, type SegmentEntry, segmentEntrySchema } from "../recording/segment-index.js";

/** A closed segment opened for reading. */
export interface OpenedSegment {
  entry: SegmentEntry;
  /** Open before anyone is told the segment exists: retention deleting the name now cannot take the data. */
  handle: FileHandle;
  bytes: number;
}

/**
 * Finds a camera's closed segment in its archive index (`<archive>/<camera>/index.jsonl`) and opens its
 * file. The index is only read: the camera's recorder owns it and may append to it meanwhile. Each way
 * of not finding it has its own message, which the hub passes on to the viewer.
 */
export async function openArchivedSegment(
  archiveDir: string,
  camera: string,
  id: string,
): Promise<OpenedSegment> {
  const noArchive = new Error(`camera ${camera} has no recordings on this device`);
  if (camera !== basename(camera) || camera === "..") throw noArchive;
  const dir = join(archiveDir, camera);
  let index: string;
  try {
    index = await readFile(join(dir, INDEX_FILE), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw noArchive;
    throw err;
  }
  const entry = indexedEntry(index, id);
  if (!entry || entry.file !== basename(entry.file))
    throw new Error(
      `segment ${id} of camera ${camera} is not in this device's archive ` +
        "(not recorded, still being recorded, or deleted by retention)",
    );
  let handle: FileHandle;
  try {
    handle = await open(join(dir, entry.file), "r");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    throw new Error(`segment ${id} of camera ${camera} is indexed but its file ${entry.file} is missing`);
  }
  try {
    return { entry, handle, bytes: (await handle.stat()).size };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** What the index's lines (adds and deletes, in order) leave for `id`; a torn line counts as absent. */
function indexedEntry(index: string, id: string): SegmentEntry | undefined {
  let found: SegmentEntry | undefined;
  for (const line of index.split("\n")) {
    if (!line.includes(id)) continue;
    let parsed: { add?: unknown; del?: unknown };
    try {
      parsed = JSON.parse(line) as typeof parsed;
    } catch {
      continue;
    }
    if (parsed?.del === id) found = undefined;
    const added = segmentEntrySchema.safeParse(parsed?.add);
    if (added.success && added.data.id === id) found = added.data;
  }
  return found;
}
