import { z } from "zod";
import type { HubAlert } from "./entities.js";
import { epochMsSchema } from "./envelope.js";
import { errorCodeSchema } from "./errors.js";
import { cameraIdSchema, deviceIdSchema, siteIdSchema } from "./ids.js";
import { analysisJobSchema } from "./messages/analysis-jobs.js";
import {
  type FocusAlert,
  type FocusEnded,
  type FocusStarted,
  type FocusState,
  type FocusSummary,
  focusSampleSchema,
  focusSessionRefSchema,
  focusSessionSchema,
  focusStartSchema,
} from "./messages/focus.js";
import { gateCropStoredSchema } from "./messages/gate.js";
import { type MessageKind, type MessageOf, messages } from "./registry.js";
import { PROTOCOL_VERSION } from "./version.js";

/**
 * Live events the hub originates itself, by name, with the schema of their `data`. They announce what
 * the hub did with a device message that dashboards do not get as it was sent (a gate crop's bytes
 * are stored and fetched over REST, so `gate:crop` says only that and where).
 */
export const hubEventSchemas = {
  gateCropStored: gateCropStoredSchema,
  focusSession: focusSessionSchema,
  analysisJob: analysisJobSchema,
} as const;
export type HubEventKind = keyof typeof hubEventSchemas;

/**
 * Socket.IO between hub and dashboards. Device events are forwarded unchanged, wrapped with the address
 * they came from (which on MQTT lives in the topic), so the dashboard uses the same types as the device;
 * the hub's own events (`hubEventSchemas`) are wrapped the same way. Every device-to-hub kind is
 * forwarded except `gateCrop`, whose place `gateCropStored` takes.
 */
export const liveEventNames = {
  availability: "device:availability",
  health: "device:health",
  cameraStatus: "camera:status",
  seatChange: "seat:change",
  seatSnapshot: "seat:snapshot",
  gateEntry: "gate:entry",
  gateActivity: "gate:activity",
  gateCropStored: "gate:crop",
  focusSession: "focus:session",
  attentionChange: "attention:change",
  attentionAlert: "attention:alert",
  segmentReady: "archive:segment",
  analysisJob: "archive:job",
  liveFrame: "live:frame",
  snapshot: "camera:snapshot",
  commandAck: "command:ack",
} as const satisfies Partial<Record<MessageKind | HubEventKind, string>>;
export type LiveEventKind = keyof typeof liveEventNames;

/** What a live event carries: the device's message as it was sent, or the hub's own payload. */
export type LiveData<K extends LiveEventKind> = K extends HubEventKind
  ? z.output<(typeof hubEventSchemas)[K]>
  : K extends MessageKind
    ? MessageOf<K>
    : never;

export interface LiveEvent<K extends LiveEventKind> {
  site: string;
  device: string;
  camera?: string;
  data: LiveData<K>;
}

/** The schema a live event's `data` satisfies (the hub checks events it rebuilds from storage with it). */
export function liveDataSchema(kind: LiveEventKind): z.ZodType {
  return kind in hubEventSchemas
    ? hubEventSchemas[kind as HubEventKind]
    : messages[kind as MessageKind].schema;
}

export const serverHelloSchema = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  instance: z.string(),
  serverTime: epochMsSchema,
});
export type ServerHello = z.infer<typeof serverHelloSchema>;

/**
 * The connection's access narrowed while it was open. `FORBIDDEN` with `site`: the user lost that site, so
 * the hub took the connection out of the site's room and live views (it stays open for other sites).
 * `UNAUTHENTICATED`: the credential stopped working (API token revoked, user disabled or deleted, access
 * token expired) and the hub closes the connection right after; reconnect with a fresh token.
 */
export const accessRevokedSchema = z.object({
  code: errorCodeSchema.extract(["UNAUTHENTICATED", "FORBIDDEN"]),
  message: z.string(),
  site: siteIdSchema.optional(),
});
export type AccessRevoked = z.infer<typeof accessRevokedSchema>;

export type LiveEventName = (typeof liveEventNames)[LiveEventKind];
/** The kind behind a Socket.IO event name, e.g. "seat:change" → "seatChange". */
export type LiveKindOf<N extends LiveEventName> = {
  [K in LiveEventKind]: (typeof liveEventNames)[K] extends N ? K : never;
}[LiveEventKind];

/** One event inside `live:batch`: the name it would have been sent under, and its payload. */
export type LiveBatchEntry = {
  [K in LiveEventKind]: [name: (typeof liveEventNames)[K], event: LiveEvent<K>];
}[LiveEventKind];

/**
 * Under load the hub coalesces the live events of one site that fall in the same event-loop turn into
 * one `live:batch` (fewer WebSocket frames), in the order they were accepted. A lone event still
 * arrives under its own name, so a client must listen to both; `onLive` does that.
 */
export const LIVE_BATCH_EVENT = "live:batch";

// Any Socket.IO client socket fits; typed sockets' generic `on` does not narrow to a plain signature.
// biome-ignore lint/suspicious/noExplicitAny: structural stand-in for socket.io-client's Socket.
type SocketLike = { on(event: string, listener: (...args: any[]) => void): unknown };

/** Calls `handler` for every `name` event, whether it arrived alone or inside a `live:batch`. */
export function onLive<N extends LiveEventName>(
  socket: SocketLike,
  name: N,
  handler: (event: LiveEvent<LiveKindOf<N>>) => void,
): void {
  socket.on(name, handler);
  socket.on(LIVE_BATCH_EVENT, (entries: LiveBatchEntry[]) => {
    for (const [entryName, event] of entries) {
      if (entryName === name) handler(event as LiveEvent<LiveKindOf<N>>);
    }
  });
}

type LiveEventHandlers = {
  [K in LiveEventKind as (typeof liveEventNames)[K]]: (event: LiveEvent<K>) => void;
};

/** Events the hub emits to dashboards. */
export interface ServerToClientEvents extends LiveEventHandlers {
  "server:hello": (hello: ServerHello) => void;
  "live:batch": (entries: LiveBatchEntry[]) => void;
  "alert:raised": (alert: HubAlert) => void;
  "alert:resolved": (alert: HubAlert) => void;
  "access:revoked": (notice: AccessRevoked) => void;
  /** To the learner's own connection only: one per accepted `focus:sample`. */
  "focus:state": (state: FocusState) => void;
  /** To the learner's own connection only: once per drowsy / yawning / distracted / absent episode. */
  "focus:alert": (alert: FocusAlert) => void;
  /** To the learner's own connection only: the hub ended a session without being asked. */
  "focus:ended": (notice: FocusEnded) => void;
}

export const socketAckErrorSchema = z.object({ code: errorCodeSchema, message: z.string() });
export type SocketAck<T = undefined> = (
  result: { ok: true; data: T } | { ok: false; error: z.infer<typeof socketAckErrorSchema> },
) => void;

export const siteJoinSchema = z.object({ site: siteIdSchema });
export const liveWatchSchema = z.object({
  site: siteIdSchema,
  device: deviceIdSchema,
  camera: cameraIdSchema,
});
export const alertAckSchema = z.object({ id: z.string().min(1).max(128) });

/** Requests a dashboard sends; each answers through a Socket.IO acknowledgement. */
export interface ClientToServerEvents {
  /** Join a site's room; the hub checks the user may see it. */
  "site:join": (req: z.infer<typeof siteJoinSchema>, ack: SocketAck<{ joinedAt: number }>) => void;
  "site:leave": (req: z.infer<typeof siteJoinSchema>, ack: SocketAck) => void;
  /** Start watching a camera live; the hub starts a live session on the device while anyone watches. */
  "live:watch": (req: z.infer<typeof liveWatchSchema>, ack: SocketAck<{ session: string }>) => void;
  "live:unwatch": (req: z.infer<typeof liveWatchSchema>, ack: SocketAck) => void;
  "alert:acknowledge": (req: z.infer<typeof alertAckSchema>, ack: SocketAck) => void;
  /** Start a focus session for the caller in a site they may see. */
  "focus:start": (req: z.infer<typeof focusStartSchema>, ack: SocketAck<FocusStarted>) => void;
  /** One measured frame (about 30/s); no acknowledgement: the hub answers with `focus:state`. */
  "focus:sample": (req: z.infer<typeof focusSampleSchema>) => void;
  "focus:pause": (req: z.infer<typeof focusSessionRefSchema>, ack: SocketAck) => void;
  "focus:resume": (req: z.infer<typeof focusSessionRefSchema>, ack: SocketAck) => void;
  "focus:end": (req: z.infer<typeof focusSessionRefSchema>, ack: SocketAck<FocusSummary>) => void;
}

/** Request schemas per client event, so the hub validates every dashboard request the same way. */
export const clientEventSchemas = {
  "site:join": siteJoinSchema,
  "site:leave": siteJoinSchema,
  "live:watch": liveWatchSchema,
  "live:unwatch": liveWatchSchema,
  "alert:acknowledge": alertAckSchema,
  "focus:start": focusStartSchema,
  "focus:sample": focusSampleSchema,
  "focus:pause": focusSessionRefSchema,
  "focus:resume": focusSessionRefSchema,
  "focus:end": focusSessionRefSchema,
} as const satisfies Record<keyof ClientToServerEvents, z.ZodType>;
