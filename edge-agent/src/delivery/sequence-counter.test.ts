import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reconnectDelay } from "./reconnect-delay.js";
import { SequenceCounter } from "./sequence-counter.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "seq-test-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("SequenceCounter", () => {
  it("counts up by one and continues after a restart", () => {
    let counter = SequenceCounter.open(dir);
    expect(counter.current).toBe(0);
    expect([counter.next(), counter.next(), counter.next()]).toEqual([1, 2, 3]);
    counter.close();
    counter = SequenceCounter.open(dir);
    expect(counter.current).toBe(3);
    expect(counter.next()).toBe(4);
    counter.close();
  });

  it("continues after a kill without close (the write is not buffered in the process)", () => {
    const counter = SequenceCounter.open(dir);
    counter.next();
    counter.next();
    // No close(): a second open sees what the first wrote, as a restarted process would.
    const again = SequenceCounter.open(dir);
    expect(again.current).toBe(2);
    again.close();
    counter.close();
  });

  it("refuses a corrupt file instead of reusing numbers", () => {
    writeFileSync(join(dir, "seq.bin"), Buffer.from("garbage-bytes"));
    expect(() => SequenceCounter.open(dir)).toThrow(/corrupt/);
  });
});

describe("reconnectDelay", () => {
  it("doubles from 1 s to a 30 s cap", () => {
    const mid = () => 0.5; // no jitter
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((a) => reconnectDelay(a, 1_000, 30_000, mid))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
    expect(reconnectDelay(0, 1_000, 30_000, () => 0)).toBe(900);
  });
});
