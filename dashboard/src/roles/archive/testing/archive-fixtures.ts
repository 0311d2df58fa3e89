import type { Camera } from "@sitewatch/hub/api-types";
import type { AnalysisJob, AnalysisResult } from "@sitewatch/shared-protocol";
import type { ArchiveSegment } from "../archive-api.js";

// Archive data as the hub answers it, for the component tests of the archive page.

export const T0 = Date.parse("2026-03-02T09:00:00.000Z");
export const TEN_MIN = 600_000;

export function camera(device: string, id: string, name: string, role: Camera["role"] = "seats"): Camera {
  return {
    site: "cafe",
    device,
    id,
    name,
    role,
    url: null,
    sampleIntervalMs: 3_000,
    enabled: true,
    stream: { width: 1280, height: 720, codec: "h264", fps: 10 },
    createdAt: "2026-01-01T00:00:00.000Z",
  } as unknown as Camera;
}

/** Segment `n` of edge-1/door: ten minutes each from T0. */
export function segment(n: number, overrides: Partial<ArchiveSegment> = {}): ArchiveSegment {
  return {
    id: `0195a000-0000-7000-8000-${String(n).padStart(12, "0")}`,
    device: "edge-1",
    camera: "door",
    segment: `seg-${n}`,
    uri: `device://door/seg-${n}.mp4`,
    startedAt: T0 + n * TEN_MIN,
    durationMs: TEN_MIN,
    bytes: 120_000_000,
    container: "mp4",
    codec: "h264",
    ...overrides,
  };
}

export function result(overrides: Partial<AnalysisResult> = {}): AnalysisResult {
  return {
    provider: "builtin",
    summary: "Two people stayed near the door; a bag was left behind.",
    personCounts: [],
    zones: [],
    incidents: [
      {
        offsetMs: 305_000,
        kind: "object_left",
        severity: "warning",
        description: "A bag stayed by the door",
        thumbnail: "002-object-left.jpg",
      },
      { offsetMs: 65_000, kind: "crowding", severity: "critical", description: "Six people at the door" },
    ],
    safetyScore: 72,
    sampledFrames: 600,
    ...overrides,
  };
}

/** A job of segment `n`; `status` fills in what a job of that status carries. */
export function job(
  n: number,
  status: AnalysisJob["status"],
  overrides: Partial<AnalysisJob> = {},
): AnalysisJob {
  const s = segment(n);
  const done = status === "completed" ? result() : null;
  return {
    id: `0195b000-0000-7000-8000-${String(n).padStart(12, "0")}`,
    site: "cafe",
    device: s.device,
    camera: s.camera,
    segment: s.segment,
    segmentUri: s.uri,
    segmentStartedAt: s.startedAt,
    segmentDurationMs: s.durationMs,
    provider: "builtin",
    place: "device",
    status,
    priority: 0,
    attempts: status === "pending" ? 0 : 1,
    maxAttempts: 3,
    runAfter: s.startedAt + TEN_MIN,
    lockedUntil: status === "processing" ? Date.now() + 60_000 : null,
    workerId: status === "pending" ? null : "edge-1-worker",
    result: done,
    safetyScore: done?.safetyScore ?? null,
    incidentCount: done?.incidents.length ?? 0,
    error: status === "failed" ? "ffmpeg could not open the segment" : null,
    createdAt: s.startedAt + TEN_MIN + 1_000,
    startedAt: status === "pending" ? null : s.startedAt + TEN_MIN + 2_000,
    completedAt: status === "completed" || status === "failed" ? s.startedAt + TEN_MIN + 60_000 : null,
    ...overrides,
  };
}

/** A promise the test settles itself: a request still in flight until then. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
