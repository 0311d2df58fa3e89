import { describe, expect, it } from "vitest";
import { ApiError } from "../../../errors/api-error.js";
import { LiveHlsStore } from "./live-hls-store.js";

const cam = { site: "s1", device: "d1", camera: "c1" };
const bytes = (n: number) => Buffer.alloc(n, 0x47);
const upload = (seq: number, extra: { discontinuity?: boolean; size?: number } = {}) => ({
  seq,
  durationMs: 1000,
  capturedAt: 1_700_000_000_000 + seq * 1000,
  discontinuity: extra.discontinuity ?? false,
  data: bytes(extra.size ?? 10),
});

function storeWith(session = "s") {
  const store = new LiveHlsStore({ windowSize: 3, maxSegmentBytes: 100, maxTotalBytes: 1000 });
  store.open(session, cam);
  return store;
}

describe("LiveHlsStore", () => {
  it("keeps a sliding window and numbers it consecutively", () => {
    const store = storeWith();
    for (let seq = 0; seq < 5; seq++) expect(store.put("s", upload(seq))).toBe("stored");
    expect(store.window("s")?.segments.map((s) => s.mediaSeq)).toEqual([2, 3, 4]);
    expect(store.segment("s", 1)).toBeUndefined();
    expect(store.segment("s", 4)?.capturedAt).toBe(1_700_000_004_000);
    expect(store.bufferedBytes).toBe(30);
    // A retried PUT of the newest segment changes nothing.
    expect(store.put("s", upload(4))).toBe("duplicate");
    expect(store.bufferedBytes).toBe(30);
  });

  it("marks a discontinuity where the device says so or its numbering jumps, and counts those that leave", () => {
    const store = storeWith();
    store.put("s", upload(0));
    store.put("s", upload(1, { discontinuity: true }));
    store.put("s", upload(5));
    store.put("s", upload(0));
    const window = store.window("s");
    expect(window?.segments.map((s) => [s.mediaSeq, s.discontinuity])).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
    expect(window?.discontinuitySeq).toBe(0);
    store.put("s", upload(1));
    expect(store.window("s")?.discontinuitySeq).toBe(1);
  });

  it("never reuses media sequence numbers for a camera's next session", () => {
    const store = storeWith("one");
    store.put("one", upload(0));
    store.put("one", upload(1));
    store.close("one");
    store.open("two", cam);
    store.put("two", upload(0));
    expect(store.window("two")?.segments[0]?.mediaSeq).toBe(2);
    expect(store.bufferedBytes).toBe(10);
  });

  it("admits only the owning device, one upload at a time, to a known session", () => {
    const store = storeWith();
    expect(() => store.admit("other", cam)).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => store.admit("s", { site: "s1", device: "d2" })).toThrow(
      expect.objectContaining({ code: "FORBIDDEN" }),
    );
    const release = store.admit("s", cam);
    expect(() => store.admit("s", cam)).toThrow(expect.objectContaining({ code: "RATE_LIMITED" }));
    release();
    expect(() => store.admit("s", cam)).not.toThrow();
  });

  it("refuses a segment the total bound cannot hold, counting what the window sheds", () => {
    const store = new LiveHlsStore({ windowSize: 2, maxSegmentBytes: 600, maxTotalBytes: 1000 });
    store.open("a", cam);
    store.open("b", { ...cam, camera: "c2" });
    store.put("a", upload(0, { size: 400 }));
    store.put("a", upload(1, { size: 400 }));
    expect(() => store.put("b", upload(0, { size: 300 }))).toThrow(
      expect.objectContaining({ code: "PAYLOAD_TOO_LARGE" }),
    );
    // The third segment of "a" replaces its first, so it fits.
    expect(store.put("a", upload(2, { size: 500 }))).toBe("stored");
    expect(store.bufferedBytes).toBe(900);
  });

  it("wakes a waiting viewer with the first segment, the device's refusal or the session's end", async () => {
    const store = storeWith();
    const waiting = store.waitForSegment("s", 5_000);
    store.put("s", upload(0));
    expect(await waiting).toBe("ready");

    store.open("t", cam);
    const refused = store.waitForSegment("t", 5_000);
    store.setProblem("t", new ApiError("DEVICE_OFFLINE", "offline"));
    expect(await refused).toMatchObject({ code: "DEVICE_OFFLINE" });

    store.open("u", cam);
    const ended = store.waitForSegment("u", 5_000);
    store.close("u");
    expect(await ended).toBe("ended");

    store.open("v", cam);
    expect(await store.waitForSegment("v", 20)).toBe("timeout");
    const gone = new AbortController();
    const left = store.waitForSegment("v", 5_000, gone.signal);
    gone.abort();
    expect(await left).toBe("timeout");
  });
});
