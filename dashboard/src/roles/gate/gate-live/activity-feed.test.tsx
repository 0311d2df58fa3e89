import { examples, gateActivityEvents, type LiveEvent } from "@sitewatch/shared-protocol";
import { act, cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { renderWithServices } from "../../../testing/fake-services.js";
import { ActivityFeed } from "./activity-feed.js";
import {
  ACTIVITY_KINDS,
  type ActivityItem,
  activityItem,
  addActivity,
  MAX_ACTIVITY,
} from "./activity-list.js";

afterEach(cleanup);

const base = Date.UTC(2026, 2, 10, 3, 0);

function activity(n: number, patch: Partial<LiveEvent<"gateActivity">["data"]> = {}, site = "cafe") {
  return {
    site,
    device: "gate-edge",
    camera: "lane-1",
    data: {
      ...examples.gateActivity,
      id: `0193a6c0-0000-7000-8000-${String(n).padStart(12, "0")}`,
      ts: base + n * 1_000,
      event: "detected" as const,
      trackId: n,
      text: undefined,
      valid: undefined,
      ...patch,
    },
  } satisfies LiveEvent<"gateActivity">;
}

const item = (n: number): ActivityItem => activityItem(activity(n));
const ids = (list: readonly ActivityItem[]) => list.map((a) => a.trackId);

describe("addActivity", () => {
  it("keeps the newest first, each event once, and at most `max`", () => {
    let list: readonly ActivityItem[] = [];
    for (const n of [1, 3, 2]) list = addActivity(list, item(n), 3);
    expect(ids(list)).toEqual([3, 2, 1]);
    expect(addActivity(list, item(2), 3)).toBe(list);
    list = addActivity(list, item(4), 3);
    expect(ids(list)).toEqual([4, 3, 2]);
    // Older than everything kept in a full list: not added, nothing changes.
    expect(addActivity(list, item(0), 3)).toBe(list);
  });

  it("knows every event kind of the protocol", () => {
    expect([...ACTIVITY_KINDS]).toEqual([...gateActivityEvents]);
  });
});

describe("ActivityFeed", () => {
  it("lists the site's events newest first, bounded, with what OCR read marked valid or not", () => {
    const { socket } = renderWithServices(<ActivityFeed />);
    expect(screen.getByText(/Nothing yet/)).toBeDefined();
    act(() => {
      for (let n = 1; n <= MAX_ACTIVITY + 10; n++) socket.serverEmit("gate:activity", activity(n));
    });
    let lines = [...document.querySelectorAll(".activity-list li")];
    expect(lines).toHaveLength(MAX_ACTIVITY);
    expect(lines[0]?.textContent).toContain(`track ${MAX_ACTIVITY + 10}`);
    expect(lines.at(-1)?.textContent).toContain("track 11");

    act(() => {
      socket.serverEmit("live:batch", [
        [
          "gate:activity",
          activity(100, { event: "ocr-result", text: "CSQU3054383", valid: true, trackId: undefined }),
        ],
        ["gate:activity", activity(101, { event: "ocr-result", text: "CSQU3O54", valid: false })],
        ["gate:activity", activity(102, { event: "error", message: "camera lost", trackId: undefined })],
      ]);
      // Another site's event, and one delivered twice, change nothing.
      socket.serverEmit("gate:activity", activity(103, {}, "other"));
      socket.serverEmit("gate:activity", activity(102, { event: "error", message: "camera lost" }));
    });
    lines = [...document.querySelectorAll(".activity-list li")];
    expect(lines).toHaveLength(MAX_ACTIVITY);
    expect(lines[0]?.textContent).toContain("Error");
    expect(lines[0]?.textContent).toContain("camera lost");
    expect(lines[1]?.querySelector(".activity-invalid")?.textContent).toBe("CSQU3O54 ✗ not valid");
    expect(lines[1]?.querySelector(".activity-valid")).toBeNull();
    expect(lines[2]?.querySelector(".activity-valid")?.textContent).toBe("CSQU3054383 ✓ valid");
    expect(lines[2]?.textContent).toContain("OCR result");
    expect(screen.queryByText(/track 103/)).toBeNull();
  });

  it("speaks Korean", () => {
    const { socket } = renderWithServices(<ActivityFeed />, { locale: "ko" });
    act(() => socket.serverEmit("gate:activity", activity(1, { event: "capture-attempt" })));
    expect(screen.getByText("캡처 시도")).toBeDefined();
    expect(screen.getByText("처리 현황")).toBeDefined();
  });
});
