import { describe, expect, it, vi } from "vitest";
import { SeatStore } from "./seat-store.js";
import { seat, seatMap } from "./testing/seat-map-fixtures.js";

describe("SeatStore", () => {
  it("ignores a report older than the state shown and notifies only the seat it changed", () => {
    const store = new SeatStore();
    store.load(seatMap([seat("1A", "empty", 60_000), seat("1B", "empty", 60_000)]));
    const a = vi.fn();
    const b = vi.fn();
    store.subscribeSeat("1A", a);
    store.subscribeSeat("1B", b);
    expect(store.apply("1A", "occupied", Date.now() - 120_000)).toBe(false);
    expect(store.apply("1A", "occupied", Date.now())).toBe(true);
    expect(store.get("1A")?.state).toBe("occupied");
    expect(store.summary()).toMatchObject({ total: 2, empty: 1, occupied: 1 });
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).not.toHaveBeenCalled();
    // Unknown seats (not on this site's map) change nothing.
    expect(store.apply("9Z", "held", Date.now())).toBe(false);
  });

  it("keeps a live change that is newer than a seat map loaded afterwards", () => {
    const store = new SeatStore();
    const stale = seatMap([seat("1A", "empty", 60_000)]);
    store.load(stale);
    store.apply("1A", "held", Date.now());
    store.load(stale);
    expect(store.get("1A")?.state).toBe("held");
    expect(store.summary().held).toBe(1);
    // A newer map wins over what the store had.
    store.load(seatMap([{ ...seat("1A", "occupied", 0), since: Date.now() + 1_000 }]));
    expect(store.get("1A")?.state).toBe("occupied");
  });

  it("orders tiles by the polygon's position: the layout changes only with the seats", () => {
    const store = new SeatStore();
    store.load(seatMap([seat("1A", "empty", 0)]));
    const first = store.layout();
    store.apply("1A", "occupied", Date.now() + 1);
    expect(store.layout()).toBe(first);
    expect(first[0]).toMatchObject({ x: (0.1 + 0.2 + 0.2) / 3, y: (0.1 + 0.1 + 0.2) / 3 });
  });
});
