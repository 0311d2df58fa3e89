import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { annotate, overlaySvg } from "./annotate.js";
import { loadRgb } from "./raw-image.js";

describe("loadRgb and annotate", () => {
  it("decodes encoded bytes (dropping alpha) and draws boxes on a copy", async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 4, background: "#808080" } })
      .png()
      .toBuffer();
    const rgb = await loadRgb(png);
    expect([rgb.width, rgb.height, rgb.data.length]).toEqual([40, 30, 40 * 30 * 3]);
    const out = await annotate(rgb, [{ box: [5, 5, 35, 25], label: "person", score: 0.87 }], {
      lineWidth: 2,
    });
    const drawn = await loadRgb(out);
    expect([drawn.width, drawn.height]).toEqual([40, 30]);
    expect(drawn.data).not.toEqual(rgb.data);
    expect(rgb.data.every((v) => v === 128)).toBe(true);
  });

  it("escapes labels in the SVG overlay", () => {
    const svg = overlaySvg(10, 10, [{ box: [0, 0, 5, 5], label: `<script>&"` }], 1);
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&#60;script&#62;&#38;&#34;");
  });

  it("names the file it cannot decode", async () => {
    await expect(loadRgb("/nonexistent/picture.jpg")).rejects.toThrow(
      /cannot decode image \/nonexistent\/picture.jpg/,
    );
  });
});

describe("loadRgb orientation", () => {
  it("applies EXIF orientation so boxes match what a viewer shows", async () => {
    const jpeg = await sharp({ create: { width: 40, height: 20, channels: 3, background: "#336699" } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const rgb = await loadRgb(jpeg);
    expect([rgb.width, rgb.height]).toEqual([20, 40]);
  });

  it("returns decoded frames as they are", async () => {
    const frame = { data: new Uint8Array(12), width: 2, height: 2 };
    expect(await loadRgb(frame)).toBe(frame);
    await expect(loadRgb({ data: new Uint8Array(5), width: 2, height: 2 })).rejects.toThrow(/needs 12 bytes/);
  });

  it("puts the caption inside a box that touches the top edge", () => {
    const svg = overlaySvg(100, 100, [{ box: [10, 0, 50, 40], label: "cup" }], 2);
    expect(svg).toMatch(/<rect x="10" y="0" width="\d+" height="\d+" fill="#/);
  });

  it("encodes JPEG on request", async () => {
    const rgb = { data: new Uint8Array(8 * 8 * 3).fill(60), width: 8, height: 8 };
    const jpeg = await annotate(rgb, [], { format: "jpeg" });
    expect((await sharp(jpeg).metadata()).format).toBe("jpeg");
  });
});
