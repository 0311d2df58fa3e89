import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FrameSequencer, type SequenceVerdict } from "./frame-sequencer.js";

function run(seqs: number[], limits = { window: 8, waitMs: 100, memory: 512 }) {
  const sequencer = new FrameSequencer<{ seq: number }>(limits);
  const released: number[] = [];
  const verdicts: SequenceVerdict[] = [];
  for (const seq of seqs) verdicts.push(sequencer.push({ seq }, 0, (f) => released.push(f.seq)));
  return { sequencer, released, verdicts };
}

describe("FrameSequencer", () => {
  it("releases frames that arrive in order at once", () => {
    expect(run([0, 1, 2]).released).toEqual([0, 1, 2]);
  });

  it("holds an early frame until the missing one arrives", () => {
    const { released, sequencer } = run([0, 2, 3]);
    expect(released).toEqual([0]);
    expect(sequencer.waiting).toBe(2);
    sequencer.push({ seq: 1 }, 5, (f) => released.push(f.seq));
    expect(released).toEqual([0, 1, 2, 3]);
    expect(sequencer.deadline).toBeUndefined();
  });

  it("refuses a repeated number as a duplicate, whether held or released", () => {
    const { verdicts, released } = run([0, 1, 1, 3, 3, 0]);
    expect(verdicts).toEqual(["accepted", "accepted", "duplicate", "accepted", "duplicate", "duplicate"]);
    expect(released).toEqual([0, 1]);
  });

  it("skips a gap once the window is full and calls the missing frame late", () => {
    const { released, verdicts } = run([0, 2, 3, 4, 1], { window: 2, waitMs: 1000, memory: 512 });
    expect(released).toEqual([0, 2, 3, 4]);
    expect(verdicts.at(-1)).toBe("late");
  });

  it("skips a gap after waitMs", () => {
    const sequencer = new FrameSequencer<{ seq: number }>({ window: 8, waitMs: 100, memory: 512 });
    const released: number[] = [];
    const out = (f: { seq: number }) => released.push(f.seq);
    sequencer.push({ seq: 3 }, 1_000, out);
    sequencer.push({ seq: 4 }, 1_050, out);
    expect(sequencer.deadline).toBe(1_100);
    sequencer.expire(1_099, out);
    expect(released).toEqual([]);
    sequencer.expire(1_100, out);
    expect(released).toEqual([3, 4]);
    expect(sequencer.expected).toBe(5);
    expect(sequencer.deadline).toBeUndefined();
  });

  it("forgets old numbers beyond its memory, calling them late rather than duplicate", () => {
    const seqs = [...Array.from({ length: 10 }, (_, i) => i), 1, 9];
    expect(run(seqs, { window: 8, waitMs: 100, memory: 4 }).verdicts.slice(-2)).toEqual([
      "late",
      "duplicate",
    ]);
  });

  it("lets every frame out exactly once, in increasing order, whatever the arrival order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 120 }),
        fc.integer({ min: 1, max: 10 }),
        (seqs, window) => {
          const sequencer = new FrameSequencer<{ seq: number }>({ window, waitMs: 50, memory: 1000 });
          const released: number[] = [];
          const out = (f: { seq: number }) => released.push(f.seq);
          const counts = { accepted: 0, duplicate: 0, late: 0 };
          seqs.forEach((seq, i) => {
            counts[sequencer.push({ seq }, i * 10, out)] += 1;
            sequencer.expire(i * 10, out);
          });
          // Each expiry skips one gap; the frames behind the next one wait anew.
          for (let t = 10_000; sequencer.waiting > 0; t += 1_000) sequencer.expire(t, out);
          expect(released).toEqual([...released].sort((a, b) => a - b));
          expect(new Set(released).size).toBe(released.length);
          // Everything accepted leaves; a repeat of a released number is a duplicate; copies of a
          // number that never left arrived after its gap was skipped.
          const left = new Set(released);
          expect(released.length).toBe(counts.accepted);
          expect(counts.duplicate).toBe(seqs.filter((s) => left.has(s)).length - released.length);
          expect(counts.late).toBe(seqs.filter((s) => !left.has(s)).length);
        },
      ),
    );
  });
});
