import { describe, expect, it } from "vitest";
import { decodeMessage, encodeMessage } from "../codec.js";
import { exampleAddress, examples } from "../examples.js";
import { messages } from "../registry.js";
import { topicFor } from "../topics.js";
import { GATE_CROP_MAX_JPEG_BYTES, gateActivityEvents } from "./gate.js";
import { detectionSchema } from "./media.js";

const decode = (kind: "gateCrop" | "gateActivity", message: unknown) =>
  decodeMessage(topicFor(kind, exampleAddress), JSON.stringify(message));
const base64Of = (bytes: number) => Buffer.alloc(bytes, 0xab).toString("base64");

describe("gateCrop", () => {
  it("is a camera event on gate/crop, acknowledged (QoS 1) and never retained", () => {
    expect(topicFor("gateCrop", exampleAddress)).toBe("sitewatch/v1/gangnam-1/edge-01/cam/cam-03/gate/crop");
    expect(messages.gateCrop).toMatchObject({ qos: 1, retained: false, direction: "device-to-hub" });
  });

  it("accepts a crop of the largest allowed size, with room for the envelope", () => {
    const crop = { ...examples.gateCrop, jpeg: base64Of(GATE_CROP_MAX_JPEG_BYTES) };
    expect(Buffer.byteLength(encodeMessage("gateCrop", crop))).toBeLessThanOrEqual(
      messages.gateCrop.maxBytes,
    );
    expect(decode("gateCrop", crop).ok).toBe(true);
  });

  it("rejects a larger picture, bad base64, a missing entry id and an impossible size", () => {
    const rejected = [
      { ...examples.gateCrop, jpeg: base64Of(GATE_CROP_MAX_JPEG_BYTES + 3) },
      { ...examples.gateCrop, jpeg: "not base64!" },
      { ...examples.gateCrop, jpeg: "" },
      { ...examples.gateCrop, entry: undefined },
      { ...examples.gateCrop, entry: "CSQU3054383" },
      { ...examples.gateCrop, width: 0 },
      { ...examples.gateCrop, height: 9000 },
    ];
    for (const crop of rejected) {
      const result = decode("gateCrop", crop);
      expect(result.ok, JSON.stringify(crop).slice(0, 120)).toBe(false);
    }
  });
});

describe("gateActivity", () => {
  it("is live-only: QoS 0, not retained", () => {
    expect(messages.gateActivity).toMatchObject({ qos: 0, retained: false, path: "gate/activity" });
  });

  it("accepts every event with only the envelope", () => {
    const { trackId: _t, text: _x, valid: _v, ...bare } = examples.gateActivity;
    for (const event of gateActivityEvents) expect(decode("gateActivity", { ...bare, event }).ok).toBe(true);
  });

  it("bounds what it carries and knows only the listed events", () => {
    const rejected = [
      { ...examples.gateActivity, event: "container_capture" },
      { ...examples.gateActivity, text: "X".repeat(65) },
      { ...examples.gateActivity, message: "m".repeat(201) },
      { ...examples.gateActivity, trackId: -1 },
      { ...examples.gateActivity, trackId: 1.5 },
    ];
    for (const activity of rejected) expect(decode("gateActivity", activity).ok).toBe(false);
    expect(decode("gateActivity", { ...examples.gateActivity, message: "m".repeat(200) }).ok).toBe(true);
  });
});

describe("detections in live frames", () => {
  it("may say where a tracked object is in its capture cycle", () => {
    const box = [1, 2, 3, 4] as [number, number, number, number];
    for (const state of ["tracking", "capturing", "captured"]) {
      expect(detectionSchema.safeParse({ cls: "truck", score: 0.9, box, state }).success).toBe(true);
    }
    expect(detectionSchema.safeParse({ cls: "truck", score: 0.9, box }).success).toBe(true);
    expect(detectionSchema.safeParse({ cls: "truck", score: 0.9, box, state: "lost" }).success).toBe(false);
  });
});
