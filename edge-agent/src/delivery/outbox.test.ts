import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Outbox } from "./outbox.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "outbox-test-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const msg = (n: number, retain = false) => ({
  topic: `t/${n}`,
  payload: Buffer.from(`payload-${n}`),
  retain,
  qos: 1 as const,
});
const text = (p: Uint8Array) => Buffer.from(p).toString();
const segments = () => readdirSync(dir).filter((f) => f.endsWith(".seg"));

describe("Outbox", () => {
  it("appends, peeks in order and acks", () => {
    const box = Outbox.open(dir);
    expect([box.append(msg(1), 111), box.append(msg(2, true)), box.append(msg(3))]).toEqual([1, 2, 3]);
    const all = box.peek(10);
    expect(all.map((r) => r.topic)).toEqual(["t/1", "t/2", "t/3"]);
    expect(all[0]).toMatchObject({ id: 1, enqueuedAt: 111, retain: false, qos: 1 });
    expect(all[1]?.retain).toBe(true);
    expect(text(all[2]?.payload ?? new Uint8Array())).toBe("payload-3");
    expect(box.peek(1, 1).map((r) => r.id)).toEqual([2]);
    box.ack(2);
    expect(box.peek(10).map((r) => r.id)).toEqual([3]);
    expect(box.stats()).toMatchObject({ depth: 1, ackedId: 2, nextId: 4, evicted: 0 });
    box.ack(1); // older acks are no-ops
    box.ack(99); // beyond the last record: capped
    expect(box.stats()).toMatchObject({ depth: 0, ackedId: 3 });
    box.close();
  });

  it("keeps unacknowledged records and ids across a restart", () => {
    let box = Outbox.open(dir);
    for (let i = 1; i <= 5; i++) box.append(msg(i));
    box.ack(2);
    box.close();
    box = Outbox.open(dir);
    expect(box.peek(10).map((r) => r.topic)).toEqual(["t/3", "t/4", "t/5"]);
    expect(box.append(msg(6))).toBe(6);
    box.ack(6);
    box.close();
    box = Outbox.open(dir);
    expect(box.stats()).toMatchObject({ depth: 0, nextId: 7 });
    box.close();
  });

  it("truncates a torn last record on open and continues cleanly", () => {
    let box = Outbox.open(dir);
    for (let i = 1; i <= 3; i++) box.append(msg(i));
    box.close();
    const [segment] = segments();
    const path = join(dir, segment as string);
    const size = statSync(path).size;
    // A crash in the middle of writing record 4: a header promising more bytes than were written.
    appendFileSync(path, Buffer.from([0, 0, 0, 40, 1, 2, 3, 4, 9, 9]));
    box = Outbox.open(dir);
    expect(box.stats()).toMatchObject({ depth: 3, truncatedBytes: 10, nextId: 4 });
    expect(statSync(path).size).toBe(size);
    expect(box.append(msg(4))).toBe(4);
    box.close();
    box = Outbox.open(dir);
    expect(box.peek(10).map((r) => r.id)).toEqual([1, 2, 3, 4]);
    box.close();
  });

  it("detects a corrupt last record by its CRC", () => {
    let box = Outbox.open(dir);
    for (let i = 1; i <= 3; i++) box.append(msg(i));
    box.close();
    const path = join(dir, segments()[0] as string);
    const data = readFileSync(path);
    data.writeUInt8(data.readUInt8(data.byteLength - 1) ^ 0xff, data.byteLength - 1); // last byte of record 3
    writeFileSync(path, data);
    box = Outbox.open(dir);
    expect(box.peek(10).map((r) => r.id)).toEqual([1, 2]);
    expect(box.stats().truncatedBytes).toBeGreaterThan(0);
    box.close();
  });

  it("evicts oldest first when a bound is hit, and counts it persistently", () => {
    let box = Outbox.open(dir, { maxRecords: 5 });
    for (let i = 1; i <= 8; i++) box.append(msg(i));
    expect(box.stats()).toMatchObject({ depth: 5, evicted: 3, ackedId: 3 });
    expect(box.peek(10).map((r) => r.id)).toEqual([4, 5, 6, 7, 8]);
    box.close();
    box = Outbox.open(dir, { maxRecords: 5 });
    expect(box.stats()).toMatchObject({ depth: 5, evicted: 3 });
    box.close();
  });

  it("bounds bytes as well as records", () => {
    const box = Outbox.open(dir, { maxBytes: 200 });
    for (let i = 1; i <= 20; i++) box.append(msg(i));
    const stats = box.stats();
    expect(stats.bytes).toBeLessThanOrEqual(200);
    expect(stats.depth + stats.evicted).toBe(20);
    expect(box.peek(100).at(-1)?.id).toBe(20);
    expect(() => box.append({ ...msg(0), payload: Buffer.alloc(300) })).toThrow(/maxBytes/);
    box.close();
  });

  it("rotates segments and deletes them once fully acknowledged", () => {
    const box = Outbox.open(dir, { segmentBytes: 150 });
    for (let i = 1; i <= 20; i++) box.append(msg(i));
    const before = segments().length;
    expect(before).toBeGreaterThan(3);
    box.ack(10);
    expect(segments().length).toBeLessThan(before);
    expect(segments()).toHaveLength(box.stats().segments);
    expect(box.peek(100).map((r) => r.id)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    box.ack(20);
    expect(segments()).toHaveLength(1); // the active segment stays until it rotates
    box.close();
    const reopened = Outbox.open(dir, { segmentBytes: 150 });
    expect(reopened.stats()).toMatchObject({ depth: 0, nextId: 21 });
    reopened.close();
  });

  it("replays a large backlog quickly", () => {
    const box = Outbox.open(dir, { fsyncIntervalMs: 50 });
    const payload = Buffer.alloc(300, 120);
    const n = 20_000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++)
      box.append({ topic: "sitewatch/v1/s/d/cam/c/seats/change", payload, retain: false, qos: 1 });
    const t1 = performance.now();
    let read = 0;
    for (let batch = box.peek(256); batch.length > 0; batch = box.peek(256)) {
      read += batch.length;
      box.ack((batch.at(-1) as { id: number }).id);
    }
    const t2 = performance.now();
    expect(read).toBe(n);
    console.log(
      `outbox: append ${Math.round(n / ((t1 - t0) / 1000))}/s, replay+ack ${Math.round(n / ((t2 - t1) / 1000))}/s (300-byte payloads)`,
    );
    box.close();
  });
});
