import type { GateActivity, LiveEvent } from "@sitewatch/shared-protocol";

/**
 * The pipeline steps a gate camera reports (`gateActivity.event`). Spelled out rather than imported:
 * a value from shared-protocol would pull zod into the page's chunk; the test checks the two agree.
 */
export const ACTIVITY_KINDS = [
  "detected",
  "capture-attempt",
  "ocr-result",
  "processing-started",
  "processing-stopped",
  "error",
] as const satisfies readonly GateActivity["event"][];
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** How many events the feed keeps: the recent past, not a log (activity is not stored anywhere). */
export const MAX_ACTIVITY = 50;

export interface ActivityItem {
  /** The event id: the same event delivered twice (a reconnect, a batch) is listed once. */
  id: string;
  at: number;
  device: string;
  camera: string;
  kind: string;
  trackId?: number;
  text?: string;
  valid?: boolean;
  message?: string;
}

/** The live event as one line of the feed, with only what the feed shows. */
export function activityItem(event: LiveEvent<"gateActivity">): ActivityItem {
  const d = event.data;
  return {
    id: d.id,
    at: d.ts,
    device: event.device,
    camera: event.camera ?? "",
    kind: d.event,
    ...(d.trackId !== undefined ? { trackId: d.trackId } : {}),
    ...(d.text !== undefined ? { text: d.text } : {}),
    ...(d.valid !== undefined ? { valid: d.valid } : {}),
    ...(d.message !== undefined ? { message: d.message } : {}),
  };
}

export function isKnownKind(kind: string): kind is ActivityKind {
  return (ACTIVITY_KINDS as readonly string[]).includes(kind);
}

/**
 * `list` (newest first) with `item` at its place by time, at most `max` long: memory stays bounded
 * however long the page is open. A duplicate, or an item older than every kept one in a full list,
 * returns the same array, so nothing re-renders.
 */
export function addActivity(
  list: readonly ActivityItem[],
  item: ActivityItem,
  max = MAX_ACTIVITY,
): readonly ActivityItem[] {
  if (list.some((a) => a.id === item.id)) return list;
  const index = list.findIndex((a) => a.at < item.at);
  if (index === -1 && list.length >= max) return list;
  const next = [...list];
  next.splice(index === -1 ? next.length : index, 0, item);
  if (next.length > max) next.length = max;
  return next;
}
