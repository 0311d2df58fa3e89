import { decodeMessage, type LiveFrame, type LiveStart, uuidv7 } from "@sitewatch/shared-protocol";
import sharp from "sharp";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CapturedFrame } from "../capture/frame-source.js";
import { EventFactory } from "../delivery/event-factory.js";
import { useTempEventStore } from "../delivery/temp-event-store.test-support.js";
import type { Detection } from "../vision/detect/detector.js";
import { type LiveFeed, type LiveTarget, LiveViews } from "./live-view.js";

const store = useTempEventStore("live-view-test-");

class Target implements LiveTarget {
  feed: LiveFeed | undefined;
  calls = 0;
  setLive(feed: LiveFeed | undefined): void {
    this.feed = feed;
    this.calls += 1;
  }
}

function frame(width = 1280, height = 720): CapturedFrame {
  return { data: new Uint8Array(width * height * 3).fill(90), width, height, time: 0, capturedAt: 1 };
}

const person: Detection = { label: "person", classId: 0, score: 0.9, box: [640, 360, 1280, 720] };

function start(camera: string, over: Partial<LiveStart> = {}): LiveStart {
  return {
    v: 1,
    id: uuidv7(),
    ts: 1,
    camera,
    session: "s-1",
    fps: 2,
    maxWidth: 640,
    ttlMs: 60_000,
    format: "frames",
    segmentMs: 1000,
    ...over,
  };
}

function setup(connected = true) {
  const cameras = new Map([
    ["front", new Target()],
    ["back", new Target()],
  ]);
  const events = new EventFactory(store.outbox, store.sequence);
  const live = new LiveViews({
    site: "site-1",
    device: "edge-1",
    cameras,
    events,
    connected: () => connected,
    blurrer: () => undefined,
  });
  const sent = () =>
    store.outbox
      .peek(100)
      .map((r) => decodeMessage(r.topic, r.payload))
      .filter((d) => d.ok && d.kind === "liveFrame")
      .map((d) => (d.ok ? (d.message as LiveFrame) : undefined)) as LiveFrame[];
  return { cameras, live, sent, front: cameras.get("front") as Target };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("LiveViews", () => {
  it("makes a watched camera sample at the viewer's rate and sends downsized frames with their boxes as data", async () => {
    const { live, sent, front } = setup();
    expect(live.start(start("front", { fps: 4 }))).toMatchObject({ session: "s-1", renewed: false });
    expect(front.feed?.fps).toBe(4);
    await front.feed?.send(frame(), [person]);
    const [msg] = sent();
    expect(msg).toMatchObject({ session: "s-1", width: 640, height: 360 });
    // Boxes follow the picture the viewer gets, not the camera's resolution.
    expect(msg?.detections).toEqual([{ cls: "person", score: 0.9, box: [320, 180, 640, 360] }]);
    const jpeg = Buffer.from(msg?.jpeg ?? "", "base64");
    expect(await sharp(jpeg).metadata()).toMatchObject({ format: "jpeg", width: 640, height: 360 });
    // Boxes are data only: the picture stays the flat grey frame it came from (the dashboard draws them).
    const { channels } = await sharp(jpeg).stats();
    expect(Math.max(...channels.map((c) => c.max - c.min))).toBeLessThan(20);
  });

  it("passes a tracked object's id and capture state on with its box", async () => {
    const { live, sent, front } = setup();
    live.start(start("front"));
    const truck = { ...person, label: "truck", track: 7, state: "capturing" as const };
    await front.feed?.send(frame(), [truck, person]);
    expect(sent()[0]?.detections).toEqual([
      { cls: "truck", score: 0.9, box: [320, 180, 640, 360], track: 7, state: "capturing" },
      { cls: "person", score: 0.9, box: [320, 180, 640, 360] },
    ]);
  });

  it("stops on liveStop and when the TTL runs out without a renewal", () => {
    vi.useFakeTimers();
    const { live, front, cameras } = setup();
    live.start(start("front", { ttlMs: 10_000 }));
    vi.advanceTimersByTime(8_000);
    expect(live.start(start("front", { ttlMs: 10_000 }))).toMatchObject({ renewed: true });
    vi.advanceTimersByTime(8_000);
    expect(front.feed).toBeDefined();
    vi.advanceTimersByTime(2_001);
    expect(front.feed).toBeUndefined();

    live.start(start("back", { session: "s-2" }));
    expect(cameras.get("back")?.feed).toBeDefined();
    expect(live.stop({ v: 1, id: uuidv7(), ts: 1, camera: "back", session: "s-2" })).toEqual({
      session: "s-2",
      stopped: true,
    });
    expect(cameras.get("back")?.feed).toBeUndefined();
    expect(live.stop({ v: 1, id: uuidv7(), ts: 1, camera: "back", session: "s-2" })).toMatchObject({
      stopped: false,
    });
  });

  it("serves two viewers of one camera at the faster rate, one frame per session", async () => {
    const { live, sent, front } = setup();
    live.start(start("front", { session: "a", fps: 1 }));
    live.start(start("front", { session: "b", fps: 5 }));
    expect(front.feed?.fps).toBe(5);
    await front.feed?.send(frame(), []);
    expect(sent().map((m) => m.session)).toEqual(["a", "b"]);
    live.stop({ v: 1, id: uuidv7(), ts: 1, camera: "front", session: "b" });
    expect(front.feed?.fps).toBe(1);
  });

  it("skips frames while the link is down instead of queueing stale pictures", async () => {
    const { live, sent, front } = setup(false);
    live.start(start("front"));
    await front.feed?.send(frame(), [person]);
    expect(sent()).toEqual([]);
    expect(live.stats()).toMatchObject({ sessions: 1, framesSent: 0, framesSkipped: 1 });
  });

  it("refuses a camera that is not running, naming the ones that are", () => {
    const { live } = setup();
    expect(() => live.start(start("garage"))).toThrow(/no running camera garage \(running: front, back\)/);
  });
});
