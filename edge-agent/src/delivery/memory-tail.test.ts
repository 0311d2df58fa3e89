import { describe, expect, it } from "vitest";
import { MemoryTail } from "./memory-tail.js";
import { encodeRecord } from "./record-codec.js";

const held = (id: number, topic = "seats/change", bytes = 10) => ({
  id,
  topic,
  buffer: encodeRecord({
    id,
    enqueuedAt: id,
    topic,
    payload: Buffer.alloc(bytes, id),
    retain: false,
    qos: 1,
  }),
});
const ids = (tail: MemoryTail) => tail.after(0, 1_000).map((r) => r.id);

describe("MemoryTail", () => {
  it("drops the oldest records past the record bound and counts them", () => {
    const tail = new MemoryTail({ maxRecords: 3, maxBytes: 1e6 });
    const dropped = [1, 2, 3, 4, 5].map((id) => tail.push(held(id), false));
    expect(dropped).toEqual([0, 0, 0, 1, 1]);
    expect(ids(tail)).toEqual([3, 4, 5]);
    expect(tail.depth).toBe(3);
  });

  it("bounds bytes, and refuses a record larger than the whole bound", () => {
    const one = held(1).buffer.byteLength;
    const tail = new MemoryTail({ maxRecords: 100, maxBytes: one * 2 + 5 });
    for (let id = 1; id <= 4; id++) tail.push(held(id), false);
    expect(ids(tail)).toEqual([3, 4]);
    expect(tail.bytes).toBe(one * 2);
    expect(tail.push(held(5, "big", 1_000), false)).toBe(1);
    expect(ids(tail)).toEqual([3, 4]);
  });

  it("drops superseded snapshots before any seat change, oldest superseded first", () => {
    const tail = new MemoryTail({ maxRecords: 5, maxBytes: 1e6 });
    tail.push(held(1, "change"), false);
    tail.push(held(2, "snapshot/cam-a"), true);
    tail.push(held(3, "change"), false);
    tail.push(held(4, "snapshot/cam-a"), true); // supersedes 2
    tail.push(held(5, "snapshot/cam-b"), true);
    expect(tail.push(held(6, "snapshot/cam-a"), true)).toBe(1); // supersedes 4; 2 goes
    expect(ids(tail)).toEqual([1, 3, 4, 5, 6]);
    expect(tail.push(held(7, "change"), false)).toBe(1); // 4 goes: superseded by 6
    expect(ids(tail)).toEqual([1, 3, 5, 6, 7]);
    expect(tail.push(held(8, "change"), false)).toBe(1); // nothing superseded left: the oldest goes
    expect(ids(tail)).toEqual([3, 5, 6, 7, 8]);
  });

  it("pages with after(), and leaves from the old end by shift() and removeUpTo()", () => {
    const tail = new MemoryTail({ maxRecords: 10, maxBytes: 1e6 });
    for (let id = 11; id <= 16; id++) tail.push(held(id), false);
    expect(tail.after(12, 2).map((r) => r.id)).toEqual([13, 14]);
    expect(Buffer.from(tail.after(12, 2)[0]?.payload ?? [])).toEqual(Buffer.alloc(10, 13));
    expect(tail.shift()?.id).toBe(11);
    tail.removeUpTo(14);
    expect(tail.oldest()?.id).toBe(15);
    expect(ids(tail)).toEqual([15, 16]);
    tail.removeUpTo(Number.POSITIVE_INFINITY);
    expect([tail.depth, tail.bytes, tail.oldest()]).toEqual([0, 0, undefined]);
  });

  it("stays fast when many records pass through", () => {
    const tail = new MemoryTail({ maxRecords: 3_000, maxBytes: 64 * 2 ** 20 });
    const records = Array.from({ length: 30_000 }, (_, i) => held(i + 1, i % 2 ? "snap" : "change"));
    const t0 = performance.now();
    let dropped = 0;
    for (const record of records) dropped += tail.push(record, record.topic === "snap");
    const ms = performance.now() - t0;
    // 3 000 stay: the seat changes and the newest snapshot (plus the one it just superseded, next to go).
    expect(dropped).toBe(27_000);
    const snaps = tail.after(0, 5_000).filter((r) => r.topic === "snap");
    expect(snaps.map((r) => r.id)).toEqual([29_998, 30_000]);
    console.log(`memory tail: 30 000 pushes with eviction in ${ms.toFixed(0)} ms`);
  });
});
