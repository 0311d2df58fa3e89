import { describe, expect, it } from "vitest";
import { seatsCameraSchema } from "../roles/seats/seats-config.js";
import { recordSchema } from "./camera-base.js";

const camera = { id: "front", name: "Front", url: "rtsp://cam/stream", seats: [] };

describe("the camera's record option", () => {
  it("is absent unless set, so existing config files stay as they are", () => {
    expect(seatsCameraSchema.parse(camera).record).toBeUndefined();
  });

  it("defaults to off with 10-minute segments and no retention limits", () => {
    expect(recordSchema.parse({})).toEqual({ enabled: false, segmentSeconds: 600 });
    const parsed = seatsCameraSchema.parse({
      ...camera,
      record: { enabled: true, maxGiB: 50, retentionDays: 14 },
    });
    expect(parsed.record).toEqual({ enabled: true, segmentSeconds: 600, maxGiB: 50, retentionDays: 14 });
  });

  it("refuses segments under 10 s, a quota of nothing and unknown keys", () => {
    expect(recordSchema.safeParse({ segmentSeconds: 9 }).success).toBe(false);
    expect(recordSchema.safeParse({ segmentSeconds: 10 }).success).toBe(true);
    expect(recordSchema.safeParse({ maxGiB: 0 }).success).toBe(false);
    expect(recordSchema.safeParse({ enabled: true, segmentSecs: 60 }).success).toBe(false);
  });
});
