import { examples } from "@sitewatch/shared-protocol";
import fc from "fast-check";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { readJpegSize } from "./jpeg-header.js";

const picture = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: "#3a7" } });

describe("readJpegSize", () => {
  it("reads the size of real JPEGs: baseline, progressive, greyscale and the protocol's example", async () => {
    expect(readJpegSize(await picture(640, 360).jpeg().toBuffer())).toEqual({ width: 640, height: 360 });
    expect(readJpegSize(await picture(33, 17).jpeg({ progressive: true }).toBuffer())).toEqual({
      width: 33,
      height: 17,
    });
    expect(readJpegSize(await picture(8, 8).grayscale().jpeg().toBuffer())).toEqual({ width: 8, height: 8 });
    expect(readJpegSize(Buffer.from(examples.snapshot.jpeg, "base64"))).toEqual({ width: 1, height: 1 });
  });

  it("refuses other images, cut-off JPEGs and bare markers", async () => {
    const jpeg = await picture(64, 48).jpeg().toBuffer();
    expect(readJpegSize(await picture(64, 48).png().toBuffer())).toEqual({ problem: "no JPEG start marker" });
    expect(readJpegSize(jpeg.subarray(0, jpeg.length - 10))).toEqual({ problem: "no JPEG end marker" });
    expect(readJpegSize(Buffer.from([0xff, 0xd8, 0xff, 0xd9]))).toMatchObject({
      problem: expect.any(String),
    });
    // The start of a JPEG up to its first segment, then garbage, then an end marker.
    const forged = Buffer.concat([jpeg.subarray(0, 20), Buffer.alloc(500, 0x41), Buffer.from([0xff, 0xd9])]);
    expect(readJpegSize(forged)).toMatchObject({ problem: expect.any(String) });
  });

  it("refuses a frame header whose size is zero", async () => {
    const jpeg = Buffer.from(await picture(16, 16).jpeg().toBuffer());
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    expect(sof).toBeGreaterThan(0);
    jpeg.writeUInt16BE(0, sof + 5);
    expect(readJpegSize(jpeg)).toEqual({ problem: "frame header without a size" });
  });

  it("never throws, whatever the bytes, and finds no picture in bytes without markers", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2_000 }), (bytes) => {
        const result = readJpegSize(bytes);
        if (bytes[0] !== 0xff) expect(result).toHaveProperty("problem");
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), (middle) => {
        const framed = Buffer.concat([Buffer.from([0xff, 0xd8]), middle, Buffer.from([0xff, 0xd9])]);
        const result = readJpegSize(framed);
        if ("width" in result) expect(result.width * result.height).toBeGreaterThan(0);
      }),
    );
  });
});
