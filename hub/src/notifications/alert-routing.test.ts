import type { HubAlert } from "@sitewatch/shared-protocol";
import { describe, expect, it } from "vitest";
import { inQuietHours, localMinutes, routeAlert } from "./alert-routing.js";
import type { ChannelRouting } from "./channel-config.js";

const seat: HubAlert = {
  id: "a1",
  site: "s",
  kind: "seat-held",
  subject: "1A",
  since: 0,
  message: "held",
  raisedAt: 0,
};
const camera: HubAlert = { ...seat, kind: "camera-offline", subject: "edge-1/cam-1" };
const channel: ChannelRouting = { enabled: true, alertKinds: null, events: ["raised"], quietHours: null };
// 2025-01-01 14:30 UTC is 23:30 in Seoul (UTC+9, no daylight saving).
const lateInSeoul = Date.parse("2025-01-01T14:30:00Z");
const seoul = { epochMs: lateInSeoul, timeZone: "Asia/Seoul" };

describe("quiet hours", () => {
  it("reads the clock in the site's zone", () => {
    expect(localMinutes(lateInSeoul, "Asia/Seoul")).toBe(23 * 60 + 30);
    expect(localMinutes(lateInSeoul, "UTC")).toBe(14 * 60 + 30);
  });

  it("handles ranges that wrap midnight, start inclusive and end exclusive", () => {
    const night = { start: "22:00", end: "07:00" };
    expect(inQuietHours(lateInSeoul, "Asia/Seoul", night)).toBe(true);
    expect(inQuietHours(lateInSeoul, "UTC", night)).toBe(false);
    expect(inQuietHours(Date.parse("2025-01-01T22:00:00Z"), "UTC", night)).toBe(true);
    expect(inQuietHours(Date.parse("2025-01-01T07:00:00Z"), "UTC", night)).toBe(false);
    expect(inQuietHours(Date.parse("2025-01-01T12:00:00Z"), "UTC", { start: "09:00", end: "17:00" })).toBe(
      true,
    );
    expect(inQuietHours(lateInSeoul, "UTC", { start: "10:00", end: "10:00" })).toBe(false);
    expect(inQuietHours(lateInSeoul, "UTC", null)).toBe(false);
  });
});

describe("routing", () => {
  it("sends only subscribed events and kinds of enabled channels", () => {
    expect(routeAlert(channel, "raised", seat, seoul)).toBeNull();
    expect(routeAlert({ ...channel, enabled: false }, "raised", seat, seoul)).toBe("disabled");
    expect(routeAlert(channel, "resolved", seat, seoul)).toBe("event");
    expect(routeAlert({ ...channel, alertKinds: ["camera-offline"] }, "raised", seat, seoul)).toBe("kind");
    expect(routeAlert({ ...channel, alertKinds: ["camera-offline"] }, "raised", camera, seoul)).toBeNull();
  });

  it("skips seat alerts during quiet hours but still sends critical ones", () => {
    const quiet = { ...channel, quietHours: { start: "22:00", end: "07:00" } };
    expect(routeAlert(quiet, "raised", seat, seoul)).toBe("quiet-hours");
    expect(routeAlert(quiet, "raised", camera, seoul)).toBeNull();
    expect(routeAlert(quiet, "raised", seat, { ...seoul, timeZone: "UTC" })).toBeNull();
  });
});
