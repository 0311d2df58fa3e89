import { analysisIncidentSchema } from "@sitewatch/shared-protocol";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import type { FaceBlurrer } from "../../../privacy/face-blurrer.js";
import type { RawImage } from "../../../vision/image/raw-image.js";
import { ThumbnailWriter } from "./thumbnail-writer.js";

const white = (width: number, height: number): RawImage => ({
  data: new Uint8Array(width * height * 3).fill(255),
  width,
  height,
});
const meanOf = async (jpeg: Buffer) => (await sharp(jpeg).stats()).channels[0]?.mean ?? -1;

describe("thumbnail writer", () => {
  it("names thumbnails uniquely in the protocol's form and scales wide frames down", async () => {
    const writer = new ThumbnailWriter();
    const first = await writer.add("object_left", white(1280, 720));
    const second = await writer.add("Person Down!", white(320, 240));
    expect([first, second]).toEqual(["001-object-left.jpg", "002-person-down.jpg"]);
    for (const name of [first, second]) {
      const incident = { offsetMs: 0, kind: "x", severity: "info", description: "", thumbnail: name };
      expect(analysisIncidentSchema.safeParse(incident).success).toBe(true);
    }
    const [wide, small] = writer.thumbnails;
    expect(await sharp(wide?.jpeg).metadata()).toMatchObject({ format: "jpeg", width: 640, height: 360 });
    expect(await sharp(small?.jpeg).metadata()).toMatchObject({ width: 320, height: 240 });
    expect(await meanOf(small?.jpeg as Buffer)).toBeGreaterThan(250);
  });

  it("encodes what the blurrer returns, not the original frame", async () => {
    const seen: RawImage[] = [];
    const blurrer: FaceBlurrer = {
      async blurFaces(frame) {
        seen.push(frame);
        return {
          data: new Uint8Array(frame.data.length),
          width: frame.width,
          height: frame.height,
          faces: 1,
        };
      },
      close: async () => undefined,
    };
    const writer = new ThumbnailWriter({ blurrer });
    await writer.add("crowding", white(64, 48));
    expect(seen).toHaveLength(1);
    expect(await meanOf(writer.thumbnails[0]?.jpeg as Buffer)).toBeLessThan(5);
  });
});
