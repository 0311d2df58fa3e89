import { describe, expect, it } from "vitest";
import { AttentionMachine } from "./attention-machine.js";
import { blinking, blinksOf, feed, sample } from "./attention-test-streams.test-support.js";

describe("blink counting", () => {
  it.each([
    ["narrow eyes", 0.2],
    ["average eyes", 0.28],
    ["wide eyes", 0.38],
  ])("counts every blink of a person with %s (open EAR %s), each once, on reopening", (_, open) => {
    const machine = new AttentionMachine();
    const starts = [500, 1500, 2600, 4000, 6200];
    const updates = feed(machine, 0, 7000, blinking(open, starts));
    const blinks = blinksOf(updates);
    expect(blinks).toHaveLength(starts.length);
    expect(machine.blinks).toBe(starts.length);
    for (const [i, b] of blinks.entries()) {
      // Within a frame of the true closing and reopening.
      expect(Math.abs(b.start - (starts[i] ?? 0))).toBeLessThan(34);
      expect(Math.abs(b.end - ((starts[i] ?? 0) + 120))).toBeLessThan(34);
    }
    // Reported after the eye has stayed open for blinkConfirmMs, not before it reopened.
    const reportedAt = updates.filter((u) => u.blink).map((u) => u.at);
    for (const [i, at] of reportedAt.entries()) expect(at).toBeGreaterThanOrEqual(blinks[i]?.end ?? 0);
    expect(machine.state).toBe("focused");
  });

  it("uses a per-person level: a fixed EAR cut-off of 0.2 would miss every blink of wide eyes", () => {
    // Wide eyes blink down to 0.38 × 0.55 = 0.21, never below 0.2.
    const machine = new AttentionMachine();
    const face = (at: number) => sample({ ear: at % 1000 < 100 && at > 300 ? 0.21 : 0.38 });
    expect(blinksOf(feed(machine, 0, 5000, face))).toHaveLength(4);
  });

  it("does not count the half of a blink the session starts in, then counts the next", () => {
    const machine = new AttentionMachine();
    const updates = feed(machine, 0, 3000, (at) =>
      sample({ ear: at < 80 || (at >= 1500 && at < 1620) ? 0.1 : 0.3 }),
    );
    expect(blinksOf(updates)).toHaveLength(1);
    expect(blinksOf(updates)[0]?.start).toBeGreaterThanOrEqual(1500);
  });

  it("takes a smile narrowing the eyes by a fifth as a new open level, and still sees blinks in it", () => {
    const machine = new AttentionMachine();
    const updates = feed(machine, 0, 4000, (at) => {
      // The smile closes the eyes from 0.33 to 0.255 over 270 ms, like single_face.mp4.
      const smile = Math.min(1, Math.max(0, (at - 500) / 270));
      const open = 0.33 - 0.075 * smile;
      return sample({ ear: at >= 2500 && at < 2620 ? 0.14 : open });
    });
    expect(blinksOf(updates)).toHaveLength(1);
    expect(blinksOf(updates)[0]?.start).toBeGreaterThanOrEqual(2500);
    expect(updates.every((u) => u.state === "focused")).toBe(true);
  });

  it("counts a closure that wavers half-open for a frame as one blink", () => {
    const machine = new AttentionMachine();
    const dip = [0.3, 0.2, 0.2, 0.29, 0.26, 0.2, 0.18, 0.22, 0.3];
    const updates = feed(
      machine,
      0,
      3000,
      (at) => {
        const i = Math.floor((at - 1000) / 40);
        return sample({ ear: i >= 0 && i < dip.length ? (dip[i] ?? 0.3) : 0.3 });
      },
      40,
    );
    expect(blinksOf(updates)).toHaveLength(1);
  });

  it("ignores a noisy EAR that never closes, and eyes judged on a head turned away", () => {
    const noisy = new AttentionMachine();
    expect(blinksOf(feed(noisy, 0, 5000, (at) => sample({ ear: 0.3 + 0.02 * Math.sin(at / 37) })))).toEqual(
      [],
    );
    const turned = new AttentionMachine();
    const face = (at: number) => sample({ yaw: 60, ear: at % 500 < 100 ? 0.1 : 0.3 });
    expect(blinksOf(feed(turned, 0, 5000, face))).toEqual([]);
  });

  it("a closure longer than blinkMaxMs is no blink", () => {
    const machine = new AttentionMachine({ drowsyMs: 5000 });
    const updates = feed(machine, 0, 4000, (at) => sample({ ear: at >= 1000 && at < 1900 ? 0.1 : 0.3 }));
    expect(blinksOf(updates)).toEqual([]);
  });
});
