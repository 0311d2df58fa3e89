import { z } from "zod";
import { epochMsSchema } from "./envelope.js";
import { cameraIdSchema, deviceIdSchema, siteIdSchema } from "./ids.js";
import { seatChangeSchema, seatSnapshotSchema } from "./messages/seats.js";

/**
 * Entities the hub serves both over REST and in live Socket.IO events, defined once so a page can merge
 * a loaded list with pushed updates without converting: the same field names, and every instant in epoch
 * milliseconds. Seat shapes are cut from the device messages themselves, so they cannot drift apart.
 */

/**
 * Every alert kind the hub raises, the one list: what it means and what an alert's `subject` names.
 * The hub's alert families (one per role, plus the device core's) each claim kinds from it, and the
 * hub refuses to start while a kind is claimed by none or by two.
 */
export const alertKinds = {
  "seat-held": {
    subject: "seat id",
    description: "a seat has been held (belongings, nobody there) longer than the site's `alertHeldMinutes`",
  },
  "seat-vacant": {
    subject: "seat id",
    description: "a seat has been empty longer than the site's `alertVacantHours`",
  },
  "camera-offline": {
    subject: "`device/camera`",
    description: "a camera has not streamed for more than 60 s after it failed or started reconnecting",
  },
  "device-offline": {
    subject: "device id",
    description: "a device that has connected before is offline (its last will, or an offline report)",
  },
} as const satisfies Record<string, { subject: string; description: string }>;

type AlertKindName = keyof typeof alertKinds;
const alertKindNames = Object.keys(alertKinds) as [AlertKindName, ...AlertKindName[]];

export const alertKindSchema = z
  .enum(alertKindNames)
  .describe(
    alertKindNames
      .map((kind) => `\`${kind}\`: ${alertKinds[kind].description} (subject: ${alertKinds[kind].subject})`)
      .join("; "),
  );
export type AlertKind = z.infer<typeof alertKindSchema>;

/**
 * An alert: what `GET /alerts` lists, what acknowledging answers, and what `alert:raised` (also re-sent
 * after an acknowledgement) and `alert:resolved` carry. Fields that are not set yet are absent.
 */
export const hubAlertSchema = z.object({
  id: z.string(),
  site: siteIdSchema,
  kind: alertKindSchema,
  subject: z.string().describe("Seat id, `device/camera` or device id, depending on the kind"),
  since: epochMsSchema.describe("When the condition began"),
  message: z.string(),
  raisedAt: epochMsSchema.describe("When the hub raised the alert"),
  resolvedAt: epochMsSchema.optional().describe("When the condition ended; absent while it lasts"),
  acknowledgedAt: epochMsSchema.optional().describe("When a user acknowledged it; absent until then"),
  acknowledgedBy: z.string().optional().describe("E-mail of the user who acknowledged it"),
});
export type HubAlert = z.infer<typeof hubAlertSchema>;

const snapshotSeat = seatSnapshotSchema.shape.seats.element.shape;

/**
 * A seat's current state: an entry of `seat:snapshot`, and each seat of the REST seat map. The map also
 * lists seats no device has reported yet: `unknown`, with `since` and `confidence` null.
 */
export const seatCurrentStateSchema = z.object({
  seat: snapshotSeat.seat,
  state: snapshotSeat.state,
  since: snapshotSeat.since
    .nullable()
    .describe("When the state began, epoch ms; null until the seat is first reported"),
  confidence: snapshotSeat.confidence.nullable().describe("0..1; null until the seat is first reported"),
});
export type SeatCurrentState = z.infer<typeof seatCurrentStateSchema>;

const change = seatChangeSchema.shape;

/**
 * A stored seat change, as the REST seat history lists it: the `seat:change` message's fields under
 * the same names (`id` is its event id), with the device and camera that live events carry beside
 * `data`. `vacancyMs` and `stayMs` are absent when the change did not end a vacancy or a stay.
 */
export const seatHistoryEventSchema = z.object({
  id: change.id,
  seat: change.seat,
  from: change.from,
  to: change.to,
  at: change.at,
  vacancyMs: change.vacancyMs,
  stayMs: change.stayMs,
  confidence: change.confidence,
  device: deviceIdSchema,
  camera: cameraIdSchema,
});
export type SeatHistoryEvent = z.infer<typeof seatHistoryEventSchema>;

/** Every shared entity by name, for the protocol doc and tests. */
export const entities = {
  alert: hubAlertSchema,
  seatCurrentState: seatCurrentStateSchema,
  seatHistoryEvent: seatHistoryEventSchema,
} as const;
