import { examples } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { segmentRow } from "./segment-registration.js";

const addr = { site: "s1", device: "d1", camera: "cam-1" };

describe("segment registration", () => {
  it("places every job alike, or each provider's where the settings say", () => {
    const places = (place: Parameters<typeof segmentRow>[2]["place"]) =>
      segmentRow(addr, examples.segmentReady, { providers: ["builtin", "vlm"], place }).jobs.map((j) => [
        j.provider,
        j.place,
      ]);
    expect(places("device")).toEqual([
      ["builtin", "device"],
      ["vlm", "device"],
    ]);
    expect(places((provider) => (provider === "vlm" ? "hub" : "device"))).toEqual([
      ["builtin", "device"],
      ["vlm", "hub"],
    ]);
  });
});
