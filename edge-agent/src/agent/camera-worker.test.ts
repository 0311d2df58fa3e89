import { decodeMessage, uuidv7 } from "@sitewatch/shared-protocol";
import { describe, expect, it, vi } from "vitest";
import { FakeFrameSource } from "../capture/fake-frame-source.test-support.js";
import type { CapturedFrame, FrameSourceOptions } from "../capture/frame-source.js";
import { CameraPipeline } from "../capture/index.js";
import { EventFactory } from "../delivery/event-factory.js";
import { useTempEventStore } from "../delivery/temp-event-store.test-support.js";
import type { CaptureNeeds, RoleAnalyzer, RoleEvent } from "../roles/role-module.js";
import { seatsCameraSchema } from "../roles/seats/seats-config.js";
import { seatsRole } from "../roles/seats/seats-role.js";
import type { Detection, Detector } from "../vision/detect/detector.js";
import { type CameraRecording, CameraWorker } from "./camera-worker.js";

const store = useTempEventStore("camera-worker-test-");

const person: Detection = { label: "person", classId: 0, score: 0.9, box: [0, 0, 4, 2] };

function setup(
  overrides: Record<string, unknown> = {},
  role?: { analyzer: RoleAnalyzer; capture: CaptureNeeds },
) {
  const sources: FakeFrameSource[] = [];
  const opened: FrameSourceOptions[] = [];
  const intervals: number[] = [];
  const detector: Detector & { calls: number; seenAt: number[] } = {
    name: "fake",
    labels: ["person"],
    calls: 0,
    seenAt: [] as number[],
    async detect(frame) {
      this.calls += 1;
      // The worker hands the detector the captured frame itself.
      this.seenAt.push((frame as CapturedFrame).capturedAt);
      return [person];
    },
    close: async () => {},
  };
  const camera = seatsCameraSchema.parse({
    id: "front",
    name: "Front",
    url: "rtsp://fake/stream",
    intervalMs: 3_000,
    ...overrides,
    seats: [
      {
        seat: "1A",
        polygon: [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ],
      },
    ],
  });
  const worker = new CameraWorker({
    site: "site-1",
    device: "edge-1",
    camera,
    analyzer: seatsRole.create(camera, { models: { detector }, scoreThreshold: 0.3, now: Date.now }),
    capture: seatsRole.capture(camera),
    ...role,
    events: new EventFactory(store.outbox, store.sequence),
    log: () => {},
    pipeline: (handlers, intervalMs) => {
      intervals.push(intervalMs);
      return new CameraPipeline({
        camera: camera.id,
        url: camera.url,
        intervalMs,
        ...handlers,
        openSource: async (_url, options) => {
          opened.push(options);
          const source = new FakeFrameSource();
          sources.push(source);
          return source;
        },
      });
    },
  });
  return { worker, sources, opened, intervals, detector, camera };
}

describe("CameraWorker live view", () => {
  it("samples at the viewer's rate on the same connection, runs the detector on every frame and hands frames to the viewer", async () => {
    const { worker, sources, intervals, detector } = setup();
    worker.start();
    await vi.waitFor(() => expect(sources).toHaveLength(1));
    expect(intervals).toEqual([3_000]);

    const sent: Detection[][] = [];
    worker.setLive({
      fps: 5,
      send: async (_frame, detections) => {
        sent.push([...detections]);
      },
    });
    expect(sources[0]?.intervals).toEqual([200]);

    // The same picture twice: the motion gate alone would skip the second detector run.
    const before = detector.calls;
    sources[0]?.push(0);
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    sources[0]?.push(0.2);
    await vi.waitFor(() => expect(sent).toHaveLength(2));
    expect(detector.calls - before).toBe(2);
    expect(sent[1]).toEqual([person]);

    worker.setLive(undefined);
    expect(sources[0]?.intervals).toEqual([200, 3_000]);
    sources[0]?.push(3.2);
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toHaveLength(2);
    // One connection throughout: no source opened for either change, none closed before stop.
    expect(sources).toHaveLength(1);
    expect(sources[0]?.closed).toBe(false);
    expect(intervals).toEqual([3_000]);
    await worker.stop();
    expect(sources[0]?.closed).toBe(true);

    const kinds = store.outbox.peek(100).map((r) => {
      const d = decodeMessage(r.topic, r.payload);
      return d.ok ? d.kind : d.error.code;
    });
    // connecting, then streaming once a frame came; a rate change is not a camera status change.
    expect(kinds.filter((k) => k === "cameraStatus")).toHaveLength(2);
  });

  it("rate changes before the stream opens reach it once it does, with only the last one applied", async () => {
    const { worker, sources } = setup();
    worker.start();
    worker.setLive({ fps: 2, send: async () => {} });
    worker.setLive({ fps: 10, send: async () => {} });
    await vi.waitFor(() => expect(sources).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(sources).toHaveLength(1);
    expect(sources[0]?.intervals).toEqual([100]);
    await worker.stop();
    expect(sources[0]?.closed).toBe(true);
  });
});

describe("CameraWorker seat changes", () => {
  const seatChanges = () =>
    store.outbox.peek(100).flatMap((r) => {
      const d = decodeMessage(r.topic, r.payload);
      return d.ok && d.kind === "seatChange" ? [d.message] : [];
    });

  it("stamps a change with the capture time of the frame that decided it, and a camera-down change with none", async () => {
    // No motion gate and no entry delay: the detector sees every frame and the second sighting decides.
    const { worker, sources, detector } = setup({
      analysis: { entryDebounceMs: 0 },
      motion: { enabled: false },
    });
    worker.start();
    await vi.waitFor(() => expect(sources).toHaveLength(1));
    for (let i = 0; i < 5 && seatChanges().length === 0; i++) {
      sources[0]?.push(i);
      await vi.waitFor(() => expect(detector.seenAt).toHaveLength(i + 1));
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(seatChanges()).toHaveLength(1);
    const deciding = detector.seenAt.at(-1);
    expect(seatChanges()[0]).toMatchObject({ seat: "1A", to: "occupied", capturedAt: deciding });

    sources[0]?.fail("connection reset");
    await vi.waitFor(() => expect(seatChanges()).toHaveLength(2));
    const down = seatChanges()[1];
    expect(down).toMatchObject({ seat: "1A", to: "unknown" });
    expect(down).not.toHaveProperty("capturedAt");
    await worker.stop();
  });
});

describe("CameraWorker capture needs", () => {
  it("samples at the role's active rate while its analysis says something is happening, without reconnecting", async () => {
    const activity = [true, false];
    const analyzer: RoleAnalyzer = {
      analyse: async () => ({ events: [], active: activity.shift() ?? false }),
      snapshot: () => [],
      cameraDown: () => [],
      reconfigure: () => [],
      state: () => ({}),
    };
    const capture = { intervalMs: 3_000, activeIntervalMs: 500 };
    const { worker, sources, intervals } = setup({}, { analyzer, capture });
    worker.start();
    await vi.waitFor(() => expect(sources).toHaveLength(1));
    sources[0]?.push(0);
    await vi.waitFor(() => expect(sources[0]?.intervals).toEqual([500]));
    sources[0]?.push(0.5);
    await vi.waitFor(() => expect(sources[0]?.intervals).toEqual([500, 3_000]));
    // Both switches on the one open connection: openSource was called once.
    expect(sources).toHaveLength(1);
    expect(intervals).toEqual([3_000]);
    await worker.stop();
  });
});

describe("CameraWorker role events", () => {
  const activity = (event: "detected" | "processing-stopped"): RoleEvent => ({
    kind: "gateActivity",
    fields: { event },
  });
  const published = () =>
    store.outbox.peek(100).flatMap((r) => {
      const d = decodeMessage(r.topic, r.payload);
      return d.ok && d.kind === "gateActivity" ? [[d.message.event, d.message.id]] : [];
    });

  it("publishes a hook's later events in hook order, with the id the role minted", async () => {
    let release = () => {};
    const ready = new Promise<void>((done) => {
      release = done;
    });
    const minted = uuidv7();
    let analysed = 0;
    const analyzer: RoleAnalyzer = {
      analyse: async () => {
        analysed += 1;
        return { events: [activity("detected")] };
      },
      snapshot: () => [],
      cameraDown: () => [],
      reconfigure: async () => {
        await ready;
        return [{ ...activity("processing-stopped"), id: minted }];
      },
      state: () => ({}),
    };
    const { worker, sources, camera } = setup({}, { analyzer, capture: { intervalMs: 3_000 } });
    worker.start();
    await vi.waitFor(() => expect(sources).toHaveLength(1));
    worker.reconfigure(camera);
    sources[0]?.push(0);
    await vi.waitFor(() => expect(analysed).toBe(1));
    await new Promise((r) => setTimeout(r, 20));
    // The frame's event waits behind the reconfigure's, which is still being prepared.
    expect(published()).toEqual([]);
    release();
    await vi.waitFor(() =>
      expect(published()).toEqual([
        ["processing-stopped", minted],
        ["detected", expect.any(String)],
      ]),
    );
    await worker.stop();
  });
});

describe("CameraWorker recording", () => {
  it("taps the capture's packets for its recording, stops it after capture and announces segments", async () => {
    const { worker, sources, opened } = setup();
    const calls: string[] = [];
    const recording: CameraRecording = {
      begin: () => calls.push("begin"),
      packet: () => calls.push("packet"),
      end: () => calls.push("end"),
      start: async () => {
        calls.push("start");
      },
      stop: async () => {
        calls.push(`stop, capture closed: ${sources[0]?.closed}`);
      },
    };
    worker.record(recording);
    worker.start();
    await vi.waitFor(() => expect(sources).toHaveLength(1));
    // The source is handed the pipeline's fan-out, which passes the packets on to the recording.
    const tap = opened[0]?.packets;
    tap?.begin({} as never);
    tap?.packet({} as never);
    tap?.end();
    const segment = {
      segment: "20261205T164904123Z",
      uri: "device://front/20261205T164904123Z.mp4",
      startedAt: Date.UTC(2026, 11, 5, 16, 49, 4, 123),
      durationMs: 600_400,
      bytes: 52_000_000,
      container: "mp4" as const,
      codec: "h264",
    };
    worker.segmentReady(segment);
    await worker.stop();
    expect(calls).toEqual(["start", "begin", "packet", "end", "stop, capture closed: true"]);

    const ready = store.outbox.peek(100).flatMap((r) => {
      const d = decodeMessage(r.topic, r.payload);
      return d.ok && d.kind === "segmentReady" ? [{ topic: r.topic, message: d.message }] : [];
    });
    expect(ready).toHaveLength(1);
    expect(ready[0]?.topic).toMatch(/\/site-1\/edge-1\/cam\/front\/archive\/segment$/);
    expect(ready[0]?.message).toMatchObject(segment);
  });
});
