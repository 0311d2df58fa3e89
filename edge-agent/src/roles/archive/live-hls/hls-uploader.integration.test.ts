import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { HlsSegment } from "./hls-segmenter.js";
import { emptyHlsCounters, type HlsCounters, HlsUploader } from "./hls-uploader.js";
import { HubReceiver } from "./hub-receiver.test-support.js";

const AUTH = `Basic ${Buffer.from("site-1.edge-1:s3cret").toString("base64")}`;
const T0 = 1_767_000_000_000;

function segment(i: number, discontinuity = false): HlsSegment {
  return { data: randomBytes(1_000 + i), durationMs: 2_000, capturedAt: T0 + i * 2_000, discontinuity };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("HlsUploader against a loopback hub", () => {
  let hub: HubReceiver;
  let counters: HlsCounters;
  let refused: string[];
  let logs: string[];
  let uploader: HlsUploader;

  beforeEach(async () => {
    hub = new HubReceiver();
    const url = await hub.start();
    counters = emptyHlsCounters();
    refused = [];
    logs = [];
    uploader = new HlsUploader({
      hub: { url, username: "site-1.edge-1", password: "s3cret" },
      session: "sess-1",
      counters,
      onRefused: (why) => refused.push(why),
      log: (message) => logs.push(message),
    });
  });
  afterEach(async () => {
    uploader.stop();
    await hub.stop();
  });

  it("PUTs each segment in order with the device's credentials, its timing in the query, its bytes as the body", async () => {
    const sent = [segment(0), segment(1, true), segment(2)];
    for (const s of sent) {
      uploader.offer(s);
      await uploader.idle();
    }
    expect(hub.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "PUT /api/v1/live-hls/sess-1/0",
      "PUT /api/v1/live-hls/sess-1/1",
      "PUT /api/v1/live-hls/sess-1/2",
    ]);
    for (const [i, r] of hub.requests.entries()) {
      const s = sent[i] as HlsSegment;
      expect(r.headers.authorization).toBe(AUTH);
      expect(r.headers["content-type"]).toBe("video/mp2t");
      expect(r.body.equals(s.data)).toBe(true);
      expect(Object.fromEntries(r.query)).toEqual({
        durationMs: "2000",
        capturedAt: String(s.capturedAt),
        ...(i === 1 ? { discontinuity: "1" } : {}),
      });
    }
    expect(counters).toMatchObject({
      segmentsSent: 3,
      bytesSent: 3_003,
      segmentsDropped: 0,
      uploadsFailed: 0,
    });
    expect(refused).toEqual([]);
  });

  it("ends the session on a 404: the hub is told nothing more", async () => {
    hub.answer = (r) => ({ status: r.path.endsWith("/1") ? 404 : 204 });
    for (let i = 0; i < 5; i++) {
      uploader.offer(segment(i));
      await uploader.idle();
    }
    expect(hub.requests.map((r) => r.path.split("/").at(-1))).toEqual(["0", "1"]);
    expect(refused).toEqual(["the hub answered refused by the test (404) (NOT_FOUND)"]);
    expect(uploader.pending).toBe(0);
    expect(counters.segmentsSent).toBe(1);
  });

  it("holds at most two segments for a slow hub: the oldest unsent is dropped, the next says discontinuity", async () => {
    hub.answer = () => ({ status: 204, delayMs: 1_000 });
    let maxPending = 0;
    for (let i = 0; i < 6; i++) {
      uploader.offer(segment(i));
      maxPending = Math.max(maxPending, uploader.pending);
      await sleep(40);
    }
    await uploader.idle();
    uploader.offer(segment(6));
    await uploader.idle();
    expect(maxPending).toBe(2);
    expect(hub.maxOpen).toBe(1);
    // Segment 0 went at once; 1–4 each waited behind it and were pushed out by the next one.
    expect(
      hub.requests.map((r) => [
        r.path.split("/").at(-1),
        r.query.get("capturedAt"),
        r.query.get("discontinuity"),
      ]),
    ).toEqual([
      ["0", String(T0), null],
      ["1", String(T0 + 10_000), "1"],
      ["2", String(T0 + 12_000), null],
    ]);
    expect(counters).toMatchObject({ segmentsSent: 3, segmentsDropped: 4 });
  });

  it("counts a failed upload, says so once, and marks the next segment sent", async () => {
    hub.answer = (r) => ({ status: Number(r.path.split("/").at(-1)) < 2 ? 500 : 204 });
    for (let i = 0; i < 4; i++) {
      uploader.offer(segment(i));
      await uploader.idle();
    }
    expect(hub.requests.map((r) => [r.path.split("/").at(-1), r.query.get("discontinuity")])).toEqual([
      ["0", null],
      ["1", "1"],
      ["2", "1"],
      ["3", null],
    ]);
    expect(counters).toMatchObject({ segmentsSent: 2, uploadsFailed: 2 });
    expect(logs).toEqual([
      "live session sess-1: segment not sent: the hub answered refused by the test (500) (INTERNAL)",
    ]);
  });

  it("aborts the upload in flight when stopped, and sends nothing after", async () => {
    hub.answer = () => ({ status: 204, delayMs: 5_000 });
    uploader.offer(segment(0));
    uploader.offer(segment(1));
    await new Promise<void>((resolve) => {
      const check = () => (hub.requests.length > 0 ? resolve() : setTimeout(check, 10));
      check();
    });
    const stoppedAt = Date.now();
    uploader.stop();
    await uploader.idle();
    expect(Date.now() - stoppedAt).toBeLessThan(1_000);
    uploader.offer(segment(2));
    await sleep(100);
    expect(hub.requests).toHaveLength(1);
    expect(counters).toMatchObject({ segmentsSent: 0, uploadsFailed: 0 });
    expect(logs).toEqual([]);
  });
});
