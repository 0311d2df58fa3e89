import type { z } from "zod";
import { attentionAlertSchema, attentionChangeSchema } from "./messages/attention.js";
import {
  commandAckSchema,
  configPushSchema,
  liveStartSchema,
  liveStopSchema,
  restartPipelineSchema,
  segmentUploadSchema,
  snapshotRequestSchema,
  snapshotSchema,
} from "./messages/commands.js";
import { settledSchema } from "./messages/delivery.js";
import { availabilitySchema, cameraStatusSchema, healthSchema } from "./messages/device.js";
import { GATE_CROP_MAX_BYTES, gateActivitySchema, gateCropSchema, gateEntrySchema } from "./messages/gate.js";
import { liveFrameSchema, segmentReadySchema } from "./messages/media.js";
import { seatChangeSchema, seatSnapshotSchema } from "./messages/seats.js";
import { MAX_EVENT_BYTES, MAX_FRAME_BYTES } from "./version.js";

/** `device` topics end below the device; `camera` topics below `cam/<camera>`. */
export type Scope = "device" | "camera";
export type Direction = "device-to-hub" | "hub-to-device";

export interface MessageDefinition<S extends z.ZodType = z.ZodType> {
  scope: Scope;
  /** Topic suffix after the device (or camera) segment. */
  path: string;
  direction: Direction;
  retained: boolean;
  qos: 0 | 1;
  maxBytes: number;
  schema: S;
  summary: string;
}

// Keeps the literal scope, direction and path in the type, so topic builders know which address they
// need and commands (the `cmd/` paths) can be told from other hub-to-device messages.
function define<S extends z.ZodType, Sc extends Scope, D extends Direction, P extends string>(
  def: MessageDefinition<S> & { scope: Sc; direction: D; path: P },
): MessageDefinition<S> & { scope: Sc; direction: D; path: P } {
  return def;
}

const event = { direction: "device-to-hub", retained: false, qos: 1, maxBytes: MAX_EVENT_BYTES } as const;
const command = {
  scope: "device",
  direction: "hub-to-device",
  retained: false,
  qos: 1,
  maxBytes: MAX_EVENT_BYTES,
} as const;

/**
 * Every MQTT message of protocol v1. Topic builders, the topic parser, the decoder, the hub's
 * subscriptions, broker ACLs and docs/protocol.md are all derived from this table.
 */
export const messages = {
  availability: define({
    ...event,
    scope: "device",
    path: "availability",
    retained: true,
    schema: availabilitySchema,
    summary: "Retained online/offline status; the offline variant is the device's MQTT last will.",
  }),
  health: define({
    ...event,
    scope: "device",
    path: "health",
    qos: 0,
    schema: healthSchema,
    summary: "Heartbeat every 30 s: uptime, CPU, memory, outbox and per-camera pipeline figures.",
  }),
  commandAck: define({
    ...event,
    scope: "device",
    path: "ack",
    schema: commandAckSchema,
    summary: "The device's answer to a command: accepted, completed or failed with an error code.",
  }),
  cameraStatus: define({
    ...event,
    scope: "camera",
    path: "status",
    retained: true,
    schema: cameraStatusSchema,
    summary: "Camera connection state with the reason and retry schedule when it is not streaming.",
  }),
  seatChange: define({
    ...event,
    scope: "camera",
    path: "seats/change",
    schema: seatChangeSchema,
    summary:
      "A seat changed state (empty / occupied / held / unknown), with durations and evidence; sent once per change, in device order (seq).",
  }),
  seatSnapshot: define({
    ...event,
    scope: "camera",
    path: "seats/snapshot",
    retained: true,
    schema: seatSnapshotSchema,
    summary:
      "Checkpoint of every seat of a camera, retained; restated when needed and every few minutes, not after every change (see Seat state below).",
  }),
  gateEntry: define({
    ...event,
    scope: "camera",
    path: "gate/entry",
    schema: gateEntrySchema,
    summary: "A container or vehicle passed the gate; ISO 6346 number with its check-digit verdict.",
  }),
  gateCrop: define({
    ...event,
    scope: "camera",
    path: "gate/crop",
    maxBytes: GATE_CROP_MAX_BYTES,
    schema: gateCropSchema,
    summary:
      "The JPEG crop of one gate entry (faces blurred), sent right after it; stored by the hub and announced to dashboards as `gate:crop` without the bytes.",
  }),
  gateActivity: define({
    ...event,
    scope: "camera",
    path: "gate/activity",
    qos: 0,
    schema: gateActivitySchema,
    summary:
      "What the gate pipeline is doing (vehicle detected, capture attempt, OCR result, processing started or stopped, error); live only, not stored.",
  }),
  attentionChange: define({
    ...event,
    scope: "camera",
    path: "attention/change",
    schema: attentionChangeSchema,
    summary: "A learner's attention state changed, with the face measurements behind it.",
  }),
  attentionAlert: define({
    ...event,
    scope: "camera",
    path: "attention/alert",
    schema: attentionAlertSchema,
    summary: "A non-focused state outlasted its threshold; shown to the learner at once.",
  }),
  segmentReady: define({
    ...event,
    scope: "camera",
    path: "archive/segment",
    schema: segmentReadySchema,
    summary: "A 10-minute archive segment was closed and can be analysed.",
  }),
  liveFrame: define({
    ...event,
    scope: "camera",
    path: "live/frame",
    qos: 0,
    maxBytes: MAX_FRAME_BYTES,
    schema: liveFrameSchema,
    summary: "An annotated JPEG frame with detections, sent only during a live session.",
  }),
  snapshot: define({
    ...event,
    scope: "camera",
    path: "snapshot",
    maxBytes: MAX_FRAME_BYTES,
    schema: snapshotSchema,
    summary: "The JPEG answering a snapshot command (faces blurred when privacy mode is on).",
  }),
  configPush: define({
    ...command,
    path: "cmd/config-push",
    schema: configPushSchema,
    summary: "Replace the device's camera, seat polygon and rule configuration.",
  }),
  liveStart: define({
    ...command,
    path: "cmd/live-start",
    schema: liveStartSchema,
    summary: "Start (or renew) a live annotated view of one camera.",
  }),
  liveStop: define({
    ...command,
    path: "cmd/live-stop",
    schema: liveStopSchema,
    summary: "Stop a live view.",
  }),
  snapshotRequest: define({
    ...command,
    path: "cmd/snapshot",
    schema: snapshotRequestSchema,
    summary: "Ask for one JPEG of a camera (answered on the camera's snapshot topic).",
  }),
  restartPipeline: define({
    ...command,
    path: "cmd/restart-pipeline",
    schema: restartPipelineSchema,
    summary: "Restart one camera pipeline, or all of them.",
  }),
  segmentUpload: define({
    ...command,
    path: "cmd/segment-upload",
    schema: segmentUploadSchema,
    summary: "Upload one closed archive segment to the hub over HTTP, because a viewer asked to play it.",
  }),
  settled: define({
    scope: "device",
    path: "settled",
    direction: "hub-to-device",
    retained: false,
    // QoS 0: a lost confirmation only makes the device resend (the hub drops the repeat by id and
    // confirms it again); QoS 1 would make brokers queue stale confirmations for offline devices,
    // and NATS hands hub publishes to MQTT subscribers at QoS 0 anyway.
    qos: 0,
    maxBytes: MAX_EVENT_BYTES,
    schema: settledSchema,
    summary:
      "Sequence ranges of the device's QoS 1 events the hub has settled (stored, a repeat of a stored one, or refused for good); only these may leave the device's outbox.",
  }),
} as const;

export type Messages = typeof messages;
export type MessageKind = keyof Messages;
export type MessageOf<K extends MessageKind> = z.output<Messages[K]["schema"]>;
export type MessageInput<K extends MessageKind> = z.input<Messages[K]["schema"]>;

export const messageKinds = Object.keys(messages) as MessageKind[];

export type DeviceToHubKind = {
  [K in MessageKind]: Messages[K]["direction"] extends "device-to-hub" ? K : never;
}[MessageKind];
/** Hub-to-device messages under `cmd/`, which the device answers on `ack`. */
export type CommandKind = {
  [K in MessageKind]: Messages[K]["direction"] extends "hub-to-device"
    ? Messages[K]["path"] extends `cmd/${string}`
      ? K
      : never
    : never;
}[MessageKind];

export function isCommandKind(kind: MessageKind): kind is CommandKind {
  return messages[kind].direction === "hub-to-device" && messages[kind].path.startsWith("cmd/");
}
