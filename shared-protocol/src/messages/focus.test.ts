import { describe, expect, it } from "vitest";
import { clientEventSchemas, liveDataSchema, liveEventNames } from "../socket-events.js";
import { focusAlertSchema, focusSampleSchema, focusStartSchema } from "./focus.js";

const face = { ear: 0.3, earLeft: 0.29, earRight: 0.31, mar: 0.1, yaw: 5, pitch: -3, roll: 1 };

describe("focus session messages", () => {
  it("validate every learner request with the registered schemas", () => {
    expect(clientEventSchemas["focus:sample"]).toBe(focusSampleSchema);
    expect(focusSampleSchema.safeParse({ session: "s-1", seq: 0, at: 1_700_000_000_000, face }).success).toBe(
      true,
    );
    expect(
      focusSampleSchema.safeParse({ session: "s-1", seq: 1, at: 1_700_000_000_000, face: null }).success,
    ).toBe(true);
    for (const bad of [
      { session: "s-1", seq: -1, at: 1, face },
      { session: "s-1", seq: 0.5, at: 1, face },
      { session: "s/1", seq: 0, at: 1, face },
      { session: "s-1", seq: 0, at: 1, face: { ...face, ear: Number.NaN } },
      { session: "s-1", seq: 0, at: 1, face: { ...face, mar: 3 } },
      { session: "s-1", seq: 0, at: 1 },
    ])
      expect(focusSampleSchema.safeParse(bad).success).toBe(false);
    expect(focusStartSchema.safeParse({ site: "cafe-1", source: "browser", language: "ko-KR" }).success).toBe(
      true,
    );
    expect(focusStartSchema.safeParse({ site: "cafe-1", source: "edge" }).success).toBe(false);
    expect(
      focusStartSchema.safeParse({ site: "cafe-1", source: "frames", language: "<script>" }).success,
    ).toBe(false);
    expect(clientEventSchemas["focus:end"].safeParse({ session: "" }).success).toBe(false);
  });

  it("send alerts with a bounded text and sessions to the site as a live event", () => {
    expect(
      focusAlertSchema.safeParse({ session: "s", kind: "focused", since: 1, durationMs: 1, message: "" })
        .success,
    ).toBe(false);
    expect(liveEventNames.focusSession).toBe("focus:session");
    const info = {
      session: "s",
      learner: "u",
      source: "browser",
      state: "drowsy",
      since: 2,
      startedAt: 1,
      paused: false,
    };
    expect(liveDataSchema("focusSession").parse(info)).toEqual(info);
    expect(liveDataSchema("focusSession").safeParse({ ...info, source: "edge" }).success).toBe(false);
  });
});
