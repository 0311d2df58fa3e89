import type { GateLog } from "@sitewatch/hub/api-types";
import { examples } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { cropPath, rememberCrop, safeCropPath, withCrop } from "./crop-updates.js";
import { liveEntryRow } from "./gate-filters.js";

const base = liveEntryRow({
  site: "port",
  device: "gate-edge",
  camera: "lane-1",
  data: { ...examples.gateEntry, direction: "in" },
});
const row = (id: string): GateLog => ({ ...base, id });

describe("gate crops", () => {
  it("are fetched only from the hub's own API paths", () => {
    expect(cropPath("port 1", "e/1")).toBe("/api/v1/sites/port%201/gate-logs/e%2F1/crop");
    expect(safeCropPath({ cropUrl: "/api/v1/sites/port/gate-logs/a/crop" })).toBe(
      "/api/v1/sites/port/gate-logs/a/crop",
    );
    for (const cropUrl of [undefined, "", "//evil.example/x", "https://evil.example/api/v1/x", "/api/v1//x"])
      expect(safeCropPath({ cropUrl })).toBeUndefined();
  });

  it("fill in the listed entry only, once", () => {
    const entries = [row("a"), row("b")];
    const url = cropPath("port", "b");
    const next = withCrop(entries, "b", url);
    expect(next.map((e) => e.cropUrl)).toEqual([undefined, url]);
    expect(next[0]).toBe(entries[0]);
    expect(withCrop(next, "b", url)).toBe(next);
    expect(withCrop(entries, "elsewhere", url)).toBe(entries);
  });

  it("are remembered for entries still to come, the oldest forgotten first", () => {
    const recent = new Set<string>();
    for (const id of ["a", "b", "c"]) rememberCrop(recent, id, 2);
    expect([...recent]).toEqual(["b", "c"]);
    rememberCrop(recent, "b", 2);
    rememberCrop(recent, "d", 2);
    expect([...recent]).toEqual(["b", "d"]);
  });
});
