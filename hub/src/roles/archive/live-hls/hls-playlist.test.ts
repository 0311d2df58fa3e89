import { describe, expect, it } from "vitest";
import { renderPlaylist } from "./hls-playlist.js";
import type { LiveSegment } from "./live-hls-store.js";

const T0 = Date.UTC(2025, 2, 1, 9, 0, 0, 250);
const segment = (mediaSeq: number, durationMs: number, discontinuity = false): LiveSegment => ({
  mediaSeq,
  durationMs,
  capturedAt: T0 + (mediaSeq - 7) * 1000,
  discontinuity,
  data: Buffer.alloc(1),
});

describe("renderPlaylist", () => {
  it("writes a version 3 live playlist with wall-clock times and relative URIs", () => {
    const text = renderPlaylist({ segments: [segment(7, 1000), segment(8, 1480)], discontinuitySeq: 0 });
    expect(text).toBe(
      [
        "#EXTM3U",
        "#EXT-X-VERSION:3",
        "#EXT-X-TARGETDURATION:2",
        "#EXT-X-MEDIA-SEQUENCE:7",
        "#EXT-X-PROGRAM-DATE-TIME:2025-03-01T09:00:00.250Z",
        "#EXTINF:1.000,",
        "segments/7.ts",
        "#EXT-X-PROGRAM-DATE-TIME:2025-03-01T09:00:01.250Z",
        "#EXTINF:1.480,",
        "segments/8.ts",
        "",
      ].join("\n"),
    );
    expect(text).not.toContain("ENDLIST");
  });

  it("marks discontinuities and how many have left the window", () => {
    const text = renderPlaylist({
      segments: [segment(7, 1000, true), segment(8, 1000), segment(9, 1000, true)],
      discontinuitySeq: 4,
    });
    const lines = text.split("\n");
    expect(lines).toContain("#EXT-X-DISCONTINUITY-SEQUENCE:4");
    expect(lines.filter((l) => l === "#EXT-X-DISCONTINUITY")).toHaveLength(2);
    expect(lines[lines.indexOf("segments/8.ts") + 1]).toBe("#EXT-X-DISCONTINUITY");
  });

  it("refuses an empty window (the route waits for a first segment instead)", () => {
    expect(() => renderPlaylist({ segments: [], discontinuitySeq: 0 })).toThrow();
  });
});
