import { appendFile, open, readdir, readFile, rename, stat } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { segmentIdOf, startOfSegmentId } from "./segment-names.js";
import { probeSegment } from "./segment-probe.js";

export const INDEX_FILE = "index.jsonl";

export const segmentEntrySchema = z.object({
  id: z.string().min(1),
  /** File name inside the camera's archive directory. */
  file: z.string().min(1),
  /** Wall-clock epoch ms of the segment's first packet. */
  startedAt: z.number(),
  durationMs: z.number().nonnegative(),
  bytes: z.number().int().nonnegative(),
  codec: z.string(),
  container: z.literal("mp4"),
});
export type SegmentEntry = z.infer<typeof segmentEntrySchema>;

const lineSchema = z.union([z.object({ add: segmentEntrySchema }), z.object({ del: z.string().min(1) })]);

/**
 * One camera's finished segments, oldest first, kept as an append-only JSON-lines log in its archive
 * directory: a line per added or deleted segment, each appended and fsynced before it counts. On load the
 * log is checked against the directory (the files are the truth): a torn or unreadable log is rebuilt by
 * probing the files, entries without a file are dropped, files without an entry are probed and added, and
 * the result is written back compacted (temp file, fsync, rename).
 */
export class SegmentIndex {
  private readonly entries = new Map<string, SegmentEntry>();

  constructor(readonly dir: string) {}

  get path(): string {
    return join(this.dir, INDEX_FILE);
  }

  /** Finished segments, oldest first. */
  list(): SegmentEntry[] {
    return [...this.entries.values()].sort((a, b) => a.startedAt - b.startedAt);
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  get totalBytes(): number {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.bytes;
    return total;
  }

  /** Reads the log and reconciles it with the directory; says what it had to fix. */
  async load(): Promise<{ rebuilt: boolean; added: string[]; dropped: string[] }> {
    this.entries.clear();
    const rebuilt = !(await this.readLog());
    const files = new Set((await readdir(this.dir)).filter((name) => name.endsWith(".mp4")));
    const dropped: string[] = [];
    for (const [id, entry] of this.entries) {
      if (files.has(entry.file)) files.delete(entry.file);
      else {
        this.entries.delete(id);
        dropped.push(id);
      }
    }
    const added: string[] = [];
    for (const file of files) {
      const entry = await entryFromFile(this.dir, file);
      if (!entry) continue;
      this.entries.set(entry.id, entry);
      added.push(entry.id);
    }
    await this.compact();
    return { rebuilt, added, dropped };
  }

  async add(entry: SegmentEntry): Promise<void> {
    await this.append({ add: entry });
    this.entries.set(entry.id, entry);
  }

  async remove(id: string): Promise<void> {
    await this.append({ del: id });
    this.entries.delete(id);
  }

  /** false when the log exists but cannot be trusted (a torn or foreign line). */
  private async readLog(): Promise<boolean> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return true;
      throw err;
    }
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      let parsed: z.infer<typeof lineSchema>;
      try {
        parsed = lineSchema.parse(JSON.parse(line));
      } catch {
        this.entries.clear();
        return false;
      }
      if ("add" in parsed) this.entries.set(parsed.add.id, parsed.add);
      else this.entries.delete(parsed.del);
    }
    return true;
  }

  private async append(line: z.infer<typeof lineSchema>): Promise<void> {
    const handle = await open(this.path, "a");
    try {
      await appendFile(handle, `${JSON.stringify(line)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  private async compact(): Promise<void> {
    const temp = `${this.path}.tmp`;
    const handle = await open(temp, "w");
    try {
      const text = this.list().map((entry) => `${JSON.stringify({ add: entry })}\n`);
      await handle.writeFile(text.join(""));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.path);
  }
}

/** An index entry for a finished file found in the directory, or undefined if it does not play. */
async function entryFromFile(dir: string, file: string): Promise<SegmentEntry | undefined> {
  const id = segmentIdOf(file);
  const startedAt = id === undefined ? undefined : startOfSegmentId(id);
  if (id === undefined || startedAt === undefined) return undefined;
  const probe = await probeSegment(join(dir, file)).catch(() => undefined);
  if (!probe) return undefined;
  const { size } = await stat(join(dir, file));
  return {
    id,
    file,
    startedAt,
    durationMs: probe.durationMs,
    bytes: size,
    codec: probe.codec,
    container: "mp4",
  };
}
