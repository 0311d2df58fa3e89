import { describe, expect, it } from "vitest";
import { type TimelineEvent, timelineSegments, withLiveState } from "./seat-timeline.js";

const H = 3_600_000;
const day = Date.UTC(2026, 10, 26);
const ev = (hour: number, from: TimelineEvent["from"], to: TimelineEvent["to"]): TimelineEvent => ({
  at: day + hour * H,
  from,
  to,
});

describe("timelineSegments", () => {
  it("starts in the first change's from-state and ends at now", () => {
    const segments = timelineSegments(
      [ev(8, "empty", "occupied"), ev(10, "occupied", "held")],
      day,
      day + 12 * H,
    );
    expect(segments).toEqual([
      { state: "empty", start: day, end: day + 8 * H },
      { state: "occupied", start: day + 8 * H, end: day + 10 * H },
      { state: "held", start: day + 10 * H, end: day + 12 * H },
    ]);
  });

  it("without changes today shows the live state all day, or unknown until it began", () => {
    expect(timelineSegments([], day, day + 5 * H, { state: "empty", since: day - H })).toEqual([
      { state: "empty", start: day, end: day + 5 * H },
    ]);
    expect(timelineSegments([], day, day + 5 * H, { state: "occupied", since: day + 2 * H })).toEqual([
      { state: "unknown", start: day, end: day + 2 * H },
      { state: "occupied", start: day + 2 * H, end: day + 5 * H },
    ]);
  });
});

describe("withLiveState", () => {
  it("adds a live change newer than the loaded history, and nothing when history has it", () => {
    const loaded = [ev(8, "empty", "occupied")];
    expect(withLiveState(loaded, { state: "held", since: day + 9 * H }).at(-1)).toMatchObject({
      at: day + 9 * H,
      from: "occupied",
      to: "held",
    });
    expect(withLiveState(loaded, { state: "occupied", since: day + 8 * H })).toHaveLength(1);
  });
});
