import type { MessageInput, MessageKind } from "./registry.js";
import type { CameraAddress } from "./topics.js";

/**
 * One realistic, valid message of every kind. The generated docs print them with their encoded size,
 * and tests mutate them to probe the decoder, so they must stay valid (a test checks that).
 */
export const exampleAddress: CameraAddress = { site: "gangnam-1", device: "edge-01", camera: "cam-03" };

const T = 1_764_000_000_000;
const ID = "0193a6c0-4f2e-7b41-8c3d-2f9e1a7b5c60";
const CMD = "0193a6c0-4f2e-7b41-8c3d-2f9e1a7b5c61";
// The crop is its own event; `entry` names the gate entry above (ID).
const CROP = "0193a6c0-4f2e-7b41-8c3d-2f9e1a7b5c62";
// Shared by the entries of one passage (the containers of one truck).
const PASSAGE = "0193a6c0-4f2e-7b41-8c3d-2f9e1a7b5c63";
const env = (seq: number) => ({ v: 1 as const, id: ID, seq, ts: T });
const cmd = { v: 1 as const, id: CMD, ts: T, timeoutMs: 10_000 };
// A 1x1 JPEG keeps the examples short; real frames are tens of kilobytes.
const TINY_JPEG =
  "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==";

export const examples: { [K in MessageKind]: MessageInput<K> } = {
  availability: { v: 1, state: "online", ts: T, agentVersion: "0.1.0" },
  health: {
    ...env(41),
    agentVersion: "0.1.0",
    configRevision: 3,
    configHash: "5d41402abc4b",
    uptimeS: 86_400,
    cpuPct: 63.5,
    memRssMb: 412,
    outboxDepth: 0,
    outboxDropped: 0,
    cameras: [
      {
        camera: "cam-03",
        state: "streaming",
        fps: 0.33,
        decodeMs: 6.1,
        inferenceMs: 38.4,
        queueDepth: 0,
        droppedFrames: 2,
      },
    ],
    storage: { state: "ok", heldInMemory: 0, droppedEvents: 0 },
  },
  commandAck: { ...env(42), command: CMD, name: "config-push", status: "completed", result: { revision: 7 } },
  cameraStatus: {
    ...env(43),
    state: "reconnecting",
    reason: "RTSP read timed out after 10 s",
    attempt: 3,
    retryInMs: 4000,
  },
  seatChange: {
    ...env(44),
    seat: "1A",
    from: "empty",
    to: "occupied",
    at: T - 6_000,
    capturedAt: T - 180,
    vacancyMs: 1_260_000,
    confidence: 0.91,
    evidence: { persons: 1, objects: ["laptop", "cup"] },
  },
  seatSnapshot: {
    ...env(45),
    seats: [
      { seat: "1A", state: "occupied", since: T - 6_000, confidence: 0.91 },
      { seat: "1B", state: "held", since: T - 900_000, confidence: 0.8 },
      { seat: "1C", state: "empty", since: T - 3_600_000, confidence: 0.97 },
    ],
  },
  gateEntry: {
    ...env(46),
    at: T,
    container: { ownerCode: "CSQ", category: "U", serial: "305438", checkDigit: 3, checkDigitValid: true },
    rawText: "CSQU 305438 3",
    vehicleClass: "truck",
    direction: "in",
    confidence: 0.88,
    snapshotRef: "gate/2025-11-24/0193a6c0.jpg",
    box: [812, 344, 1204, 420],
    trackId: 17,
    passage: PASSAGE,
  },
  gateCrop: { ...env(52), id: CROP, entry: ID, jpeg: TINY_JPEG, width: 1, height: 1 },
  gateActivity: { ...env(53), event: "ocr-result", trackId: 17, text: "CSQU 305438 3", valid: true },
  attentionChange: {
    ...env(47),
    session: "s-20251124-kim",
    from: "focused",
    to: "drowsy",
    at: T,
    durationMs: 1_520_000,
    metrics: { ear: 0.17, mar: 0.31, yaw: -4.2, pitch: 11.8, roll: 1.1 },
    confidence: 0.84,
  },
  attentionAlert: {
    ...env(48),
    session: "s-20251124-kim",
    kind: "drowsy",
    since: T - 5_000,
    durationMs: 5_000,
    message: "Eyes closed for 5 s",
  },
  segmentReady: {
    ...env(49),
    segment: "20251124T150000Z",
    uri: "file:///var/lib/sitewatch/archive/cam-03/20251124T150000Z.mp4",
    startedAt: T - 600_000,
    durationMs: 600_000,
    bytes: 48_211_733,
    container: "mp4",
    codec: "h264",
  },
  liveFrame: {
    ...env(50),
    session: "live-7f3a",
    width: 960,
    height: 540,
    jpeg: TINY_JPEG,
    detections: [{ cls: "truck", score: 0.93, box: [412, 120, 530, 498], track: 4, state: "capturing" }],
  },
  snapshot: { ...env(51), command: CMD, width: 1, height: 1, jpeg: TINY_JPEG, facesBlurred: true },
  configPush: {
    ...cmd,
    revision: 7,
    cameras: [
      {
        camera: "cam-03",
        role: "seats",
        sampleIntervalMs: 3000,
        seats: [
          {
            seat: "1A",
            polygon: [
              [0.1, 0.5],
              [0.3, 0.5],
              [0.3, 0.9],
              [0.1, 0.9],
            ],
          },
        ],
        seatRules: { heldAfterMs: 600_000, entryDebounceMs: 6000, exitDebounceMs: 30_000 },
      },
      {
        camera: "cam-05",
        role: "gate",
        sampleIntervalMs: 2000,
        gate: {
          zone: [
            [0.05, 0.2],
            [0.95, 0.2],
            [0.95, 0.95],
            [0.05, 0.95],
          ],
          directionLine: [
            [0.5, 0.95],
            [0.5, 0.2],
          ],
          vehicleClasses: ["truck"],
          scoreThreshold: 0.15,
          passageGroup: "gate-1",
        },
      },
    ],
  },
  liveStart: {
    ...cmd,
    camera: "cam-03",
    session: "live-7f3a",
    fps: 2,
    maxWidth: 960,
    ttlMs: 60_000,
    format: "frames",
    segmentMs: 1000,
  },
  liveStop: { ...cmd, camera: "cam-03", session: "live-7f3a" },
  snapshotRequest: { ...cmd, camera: "cam-03", maxWidth: 1280 },
  segmentUpload: {
    ...cmd,
    camera: "cam-03",
    segment: "20261205T101000Z-0001",
    upload: "u7Yq2m0cX1pLr9sTzK4wAq",
  },
  restartPipeline: { ...cmd, camera: "cam-03" },
  settled: {
    v: 1,
    ts: T,
    ranges: [
      [40, 51],
      [54, 54],
    ],
  },
};
