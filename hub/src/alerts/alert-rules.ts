import type { CameraState, HubAlert, SeatState } from "@sitewatch/shared-protocol";

/**
 * The alert rules as pure functions of state, thresholds and a clock, so they are tested with fixed
 * times. Which alerts to open and which to close is the difference between the conditions that hold
 * now and the alerts that are open.
 */
export type AlertKind = HubAlert["kind"];

export interface Thresholds {
  heldMinutes: number;
  vacantHours: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { heldMinutes: 30, vacantHours: 4 };

/** A camera that reconnects within this long is a hiccup, not an outage worth a manager's attention. */
export const CAMERA_OFFLINE_GRACE_MS = 60_000;

export interface SeatFact {
  state: SeatState;
  since: number;
}

export interface CameraFact {
  state: CameraState | "unknown";
  /** Time of the latest status report. */
  at: number;
  /** Start of the current outage (first failed/reconnecting report after streaming); unset while streaming. */
  outageSince?: number;
  reason?: string;
}

export interface DeviceFact {
  online: boolean;
  since: number;
}

/** Something that should have an open alert, identified by site, kind and subject. */
export interface Condition {
  site: string;
  kind: AlertKind;
  subject: string;
  since: number;
  message: string;
}

/** The part of an open alert reconciliation needs. */
export interface OpenAlert {
  id: string;
  site: string;
  kind: AlertKind;
  subject: string;
  since: number;
}

export const alertKey = (a: { site: string; kind: AlertKind; subject: string }) =>
  `${a.site}|${a.kind}|${a.subject}`;

export const cameraSubject = (device: string, camera: string) => `${device}/${camera}`;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function seatConditions(
  site: string,
  seat: string,
  fact: SeatFact,
  thresholds: Thresholds,
  now: number,
): Condition[] {
  const lasted = now - fact.since;
  if (fact.state === "held" && lasted > thresholds.heldMinutes * MINUTE) {
    const message = `Seat ${seat} has been held for more than ${thresholds.heldMinutes} min`;
    return [{ site, kind: "seat-held", subject: seat, since: fact.since, message }];
  }
  if (fact.state === "empty" && lasted > thresholds.vacantHours * HOUR) {
    const message = `Seat ${seat} has been empty for more than ${thresholds.vacantHours} h`;
    return [{ site, kind: "seat-vacant", subject: seat, since: fact.since, message }];
  }
  return [];
}

export function cameraConditions(site: string, subject: string, fact: CameraFact, now: number): Condition[] {
  if (fact.outageSince === undefined || now - fact.outageSince <= CAMERA_OFFLINE_GRACE_MS) return [];
  const why = fact.reason ? `: ${fact.reason}` : "";
  const message = `Camera ${subject} has not streamed for more than ${CAMERA_OFFLINE_GRACE_MS / 1000} s (${fact.state}${why})`;
  return [{ site, kind: "camera-offline", subject, since: fact.outageSince, message }];
}

export function deviceConditions(site: string, device: string, fact: DeviceFact): Condition[] {
  if (fact.online) return [];
  return [
    {
      site,
      kind: "device-offline",
      subject: device,
      since: fact.since,
      message: `Device ${device} is offline`,
    },
  ];
}

/**
 * A new camera report. An outage starts with the first `failed` or `reconnecting` report and lasts,
 * through `connecting` attempts, until the camera streams again; otherwise every retry would restart
 * the grace period and a camera that never comes back would never be reported.
 */
export function nextCameraFact(
  prev: CameraFact | undefined,
  state: CameraFact["state"],
  at: number,
  reason?: string,
): CameraFact {
  if (state === "streaming") return { state, at };
  const down = state === "failed" || state === "reconnecting";
  const outageSince = prev?.outageSince ?? (down ? at : undefined);
  return outageSince === undefined ? { state, at, reason } : { state, at, outageSince, reason };
}

/**
 * Seat alerts belong to one stretch of a state: a seat seen held since a later time than its open
 * alert was freed and taken again in between, so that alert ends and a new one starts. Camera and
 * device outages are matched by subject alone, because their start time is re-derived after a restart.
 */
const sameEpisode = (c: Condition, a: OpenAlert) =>
  !(c.kind === "seat-held" || c.kind === "seat-vacant") || c.since <= a.since;

/** Alerts to raise (conditions without an open alert) and to resolve (open alerts without a condition). */
export function reconcile(
  conditions: Iterable<Condition>,
  open: Iterable<OpenAlert>,
): { raise: Condition[]; resolve: OpenAlert[] } {
  const openByKey = new Map<string, OpenAlert>();
  for (const a of open) openByKey.set(alertKey(a), a);
  const raise: Condition[] = [];
  const resolve: OpenAlert[] = [];
  const seen = new Set<string>();
  for (const c of conditions) {
    const key = alertKey(c);
    if (seen.has(key)) continue;
    seen.add(key);
    const existing = openByKey.get(key);
    if (existing && sameEpisode(c, existing)) {
      openByKey.delete(key);
      continue;
    }
    if (existing) {
      resolve.push(existing);
      openByKey.delete(key);
    }
    raise.push(c);
  }
  resolve.push(...openByKey.values());
  return { raise, resolve };
}
