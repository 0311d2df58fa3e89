import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Outbox } from "./outbox.js";
import { SequenceCounter } from "./sequence-counter.js";
import { explainTmpfsSkip, mountTmpfs, type Tmpfs } from "./tmpfs.test-support.js";

// The outbox and seq counter on a real, tiny filesystem filled to the brim or remounted read-only.
const unavailable = explainTmpfsSkip();
const open: { close(): unknown }[] = [];
let fs: Tmpfs | undefined;
afterEach(() => {
  for (const o of open.splice(0)) o.close();
  fs?.unmount();
  fs = undefined;
});

const limits = { memoryRecords: 50, diskRetryMs: 100, segmentBytes: 16 * 1024 };
const seatChange = (seq: number) => ({
  topic: "sitewatch/v1/s/d/cam/c/seats/change",
  payload: Buffer.from(JSON.stringify({ seq, pad: "x".repeat(200) })),
  retain: false,
  qos: 1 as const,
});
const seqOf = (p: Uint8Array) => (JSON.parse(Buffer.from(p).toString()) as { seq: number }).seq;
const until = async (what: string, ok: () => boolean) => {
  for (const deadline = Date.now() + 10_000; !ok(); await new Promise((r) => setTimeout(r, 20)))
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
};

function openStore(dir: string) {
  const outbox = Outbox.open(join(dir, "outbox"), limits);
  const sequence = SequenceCounter.open(dir, 50);
  open.push(outbox, sequence);
  const emit = () => outbox.append(seatChange(sequence.next()));
  return { outbox, sequence, emit };
}

describe.skipIf(unavailable)("outbox on a full disk", () => {
  it("keeps appending: holds the newest in memory, drops the oldest of them, writes them back when space returns", async () => {
    fs = mountTmpfs(512 * 1024);
    const { outbox, sequence, emit } = openStore(fs.dir);
    for (let i = 0; i < 10; i++) emit();
    const filled = fs.fill();
    const t0 = performance.now();
    for (let i = 0; i < 400; i++) emit(); // each needs a new page at some point: the disk refuses
    const ms = performance.now() - t0;

    const stats = outbox.stats();
    expect(stats.storage).toMatchObject({ state: "full", heldInMemory: 50 });
    expect(stats.storage.error).toMatch(/ENOSPC/);
    const kept = outbox.peek(1_000).map((r) => seqOf(r.payload));
    // What the disk took is a prefix (its last page had some room left); then the newest 50 in memory.
    const onDisk = kept.length - 50;
    expect(onDisk).toBeGreaterThanOrEqual(10);
    expect(kept).toEqual([
      ...Array.from({ length: onDisk }, (_, i) => i + 1),
      ...Array.from({ length: 50 }, (_, i) => 361 + i),
    ]);
    expect(stats.storage.droppedEvents).toBe(410 - kept.length);
    // Overwriting the counter's allocated bytes needs no space: numbering stays durable and monotonic.
    expect(sequence.current).toBe(410);
    expect(sequence.pending).toBe(false);
    console.log(
      `full disk: filler took ${filled} B; ${onDisk} records fitted, 50 held in memory, ${stats.storage.droppedEvents} dropped; 400 appends in ${ms.toFixed(1)} ms`,
    );

    fs.free();
    await until("the disk retried", () => outbox.stats().storage.state === "ok");
    expect(outbox.stats().storage).toMatchObject({ heldInMemory: 0, droppedEvents: 410 - kept.length });
    outbox.ack(5);
    outbox.close();
    sequence.close();
    open.length = 0;

    // A restart finds the written-back records on disk, in order, and numbering goes on from 411.
    const again = openStore(fs.dir);
    expect(again.outbox.peek(1_000).map((r) => seqOf(r.payload))).toEqual(kept.slice(5));
    expect(again.outbox.stats().storage).toMatchObject({ state: "ok", droppedEvents: 410 - kept.length });
    expect(again.sequence.next()).toBe(411);
  });

  it("starts on a disk that is already full, and gives back what the broker acknowledged", () => {
    fs = mountTmpfs(256 * 1024);
    const first = openStore(fs.dir);
    for (let i = 0; i < 5; i++) first.emit();
    first.outbox.close();
    first.sequence.close();
    open.length = 0;
    fs.fill();

    const { outbox, emit } = openStore(fs.dir); // a service manager restarting the agent
    for (let i = 0; i < 80; i++) emit();
    const { depth, storage } = outbox.stats();
    expect(storage).toMatchObject({ state: "full", heldInMemory: 50, droppedEvents: 85 - depth });
    expect(outbox.peek(1_000)).toHaveLength(depth);
    const last = outbox.peek(1_000).at(-1);
    outbox.ack(last?.id ?? 0); // delivered from memory: nothing is left to write back
    expect(outbox.stats()).toMatchObject({ depth: 0, storage: { heldInMemory: 0 } });
  });
});

describe.skipIf(unavailable)("outbox on a read-only disk", () => {
  it("names the read-only parent instead of ENOENT, holds events in memory and writes them once writable", async () => {
    fs = mountTmpfs(256 * 1024);
    fs.remount("ro");
    const dataDir = join(fs.dir, "data");
    const { outbox, sequence, emit } = openStore(dataDir);
    expect(outbox.stats().storage).toMatchObject({
      state: "read-only",
      error: `cannot create outbox dir ${join(dataDir, "outbox")}: parent ${fs.dir} is read-only (EROFS)`,
    });
    for (let i = 0; i < 30; i++) emit();
    expect(outbox.stats().storage).toMatchObject({ heldInMemory: 30, droppedEvents: 0 });
    expect(sequence.pending).toBe(true);

    fs.remount("rw");
    await until("the disk retried", () => outbox.stats().storage.state === "ok");
    emit();
    sequence.sync();
    expect(sequence.pending).toBe(false);
    outbox.close();
    sequence.close();
    open.length = 0;
    const again = openStore(dataDir);
    expect(again.outbox.peek(100).map((r) => seqOf(r.payload))).toEqual(
      Array.from({ length: 31 }, (_, i) => i + 1),
    );
    expect(again.sequence.current).toBe(31);
  });

  it("reads a queue left on a disk that went read-only and appends after it once writable", async () => {
    fs = mountTmpfs(256 * 1024);
    const first = openStore(fs.dir);
    for (let i = 0; i < 5; i++) first.emit();
    first.outbox.close();
    first.sequence.close();
    open.length = 0;
    fs.remount("ro");

    const { outbox, emit } = openStore(fs.dir);
    expect(outbox.peek(100).map((r) => seqOf(r.payload))).toEqual([1, 2, 3, 4, 5]);
    emit();
    expect(outbox.stats().storage).toMatchObject({ state: "read-only", heldInMemory: 1 });
    expect(outbox.stats().storage.error).toMatch(/EROFS/);
    fs.remount("rw");
    await until("the disk retried", () => outbox.stats().storage.state === "ok");
    outbox.close();
    open.length = 0;
    const again = Outbox.open(join(fs.dir, "outbox"), limits);
    open.push(again);
    expect(again.peek(100).map((r) => seqOf(r.payload))).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
