import type { GateLog } from "@sitewatch/hub/api-types";
import { examples, type LiveEvent } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import {
  displayNumber,
  EMPTY_FILTERS,
  gateLogQuery,
  hasValidCode,
  insertEntry,
  liveEntryRow,
  matchesFilters,
  normaliseNumber,
} from "./gate-filters.js";

const event: LiveEvent<"gateEntry"> = {
  site: "port-1",
  device: "gate-edge",
  camera: "lane-1",
  data: { ...examples.gateEntry, direction: "in", at: new Date(2025, 2, 10, 12, 0).getTime() },
};

function row(id: string, at: Date, containerNumber: string | null = "MSCU1234565"): GateLog {
  return { ...liveEntryRow(event), id, at: at.getTime(), containerNumber };
}

describe("gate log filters", () => {
  it("leave out what is empty", () => {
    expect(gateLogQuery(EMPTY_FILTERS)).toEqual({
      from: undefined,
      to: undefined,
      number: undefined,
      numberMatch: undefined,
      cursor: undefined,
      limit: 25,
    });
    expect(gateLogQuery({ ...EMPTY_FILTERS, number: " - " }).number).toBeUndefined();
  });

  it("send whole local days, the end exclusive, a normalised number and the cursor", () => {
    const q = gateLogQuery({ from: "2025-03-01", to: "2025-03-03", number: "csqu 305-4" }, "c1", 10);
    expect(q.from).toBe(new Date(2025, 2, 1).toISOString());
    expect(q.to).toBe(new Date(2025, 2, 4).toISOString());
    expect(q.number).toBe("CSQU3054");
    expect(q.numberMatch).toBe("contains");
    expect(q.cursor).toBe("c1");
    expect(q.limit).toBe(10);
    expect(normaliseNumber("msc u_12")).toBe("MSCU12");
  });
});

describe("a live gate entry", () => {
  it("becomes the row the REST API would list", () => {
    const r = liveEntryRow(event);
    expect(r.id).toBe(examples.gateEntry.id);
    expect(r.containerNumber).toBe("CSQU3054383");
    expect(r.checkDigitValid).toBe(true);
    expect(r.camera).toBe("lane-1");
    expect(r.direction).toBe("in");
  });

  it("matches the filters as the hub does", () => {
    const r = liveEntryRow(event);
    expect(matchesFilters(r, EMPTY_FILTERS)).toBe(true);
    expect(matchesFilters(r, { ...EMPTY_FILTERS, number: "csq u30" })).toBe(true);
    expect(matchesFilters(r, { ...EMPTY_FILTERS, number: "MSCU" })).toBe(false);
    // Anywhere in the number, as the page asks the hub (`numberMatch=contains`).
    expect(matchesFilters(r, { ...EMPTY_FILTERS, number: "054-38" })).toBe(true);
    expect(matchesFilters(r, { ...EMPTY_FILTERS, number: "0543 9" })).toBe(false);
    expect(matchesFilters(r, { ...EMPTY_FILTERS, from: "2025-03-10", to: "2025-03-10" })).toBe(true);
    expect(matchesFilters(r, { ...EMPTY_FILTERS, to: "2025-03-09" })).toBe(false);
    expect(matchesFilters(r, { ...EMPTY_FILTERS, from: "2025-03-11" })).toBe(false);
    expect(matchesFilters({ ...r, containerNumber: null }, { ...EMPTY_FILTERS, number: "C" })).toBe(false);
  });

  it("is inserted by time, once, and not onto a page it does not belong to", () => {
    const page = [row("b", new Date(2025, 2, 10, 11)), row("a", new Date(2025, 2, 10, 10))];
    const newest = row("c", new Date(2025, 2, 10, 12));
    expect(insertEntry(page, newest, true).map((e) => e.id)).toEqual(["c", "b", "a"]);
    expect(insertEntry([newest, ...page], newest, true)).toHaveLength(3);
    const middle = row("m", new Date(2025, 2, 10, 10, 30));
    expect(insertEntry(page, middle, true).map((e) => e.id)).toEqual(["b", "m", "a"]);
    const old = row("o", new Date(2025, 2, 9));
    expect(insertEntry(page, old, true)).toBe(page);
    expect(insertEntry(page, old, false).map((e) => e.id)).toEqual(["b", "a", "o"]);
  });
});

describe("a gate entry's number", () => {
  it("is shown as a code only when its check digit holds, otherwise as read", () => {
    const r = liveEntryRow(event);
    expect(hasValidCode(r)).toBe(true);
    expect(displayNumber(r)).toBe("CSQU 305438 3");
    const misread = { ...r, checkDigit: 4, checkDigitValid: false, rawText: "CSQU 3O5438 4" };
    expect(hasValidCode(misread)).toBe(false);
    expect(displayNumber(misread)).toBe("CSQU 3O5438 4");
    expect(displayNumber({ ...misread, ownerCode: null, checkDigitValid: null, rawText: "  " })).toBe("–");
  });
});
