import { type CameraState, cameraStateSchema } from "@sitewatch/shared-protocol";
import type { Db } from "../db/client.js";
import { cameras } from "../db/schema/index.js";
import type { AlertFamily } from "./alert-family.js";
import type { Condition } from "./alert-rules.js";

/** A camera that reconnects within this long is a hiccup, not an outage worth a manager's attention. */
export const CAMERA_OFFLINE_GRACE_MS = 60_000;

/** One status report, observed or stored. */
export interface CameraReport {
  state: CameraState;
  at: number;
  reason?: string;
}

export interface CameraFact {
  state: CameraState | "unknown";
  /** Time of the latest status report. */
  at: number;
  /** Start of the current outage (first failed/reconnecting report after streaming); unset while streaming. */
  outageSince?: number;
  reason?: string;
}

/** Camera alerts name their camera with its device, since camera ids are only unique per device. */
export const cameraSubject = (device: string, camera: string) => `${device}/${camera}`;

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

export function cameraConditions(site: string, subject: string, fact: CameraFact, now: number): Condition[] {
  if (fact.outageSince === undefined || now - fact.outageSince <= CAMERA_OFFLINE_GRACE_MS) return [];
  const why = fact.reason ? `: ${fact.reason}` : "";
  const message = `Camera ${subject} has not streamed for more than ${CAMERA_OFFLINE_GRACE_MS / 1000} s (${fact.state}${why})`;
  return [{ site, kind: "camera-offline", subject, since: fact.outageSince, message }];
}

/** Every camera of every site, from the device core's `cameraStatus` reports. */
export const cameraAlerts: AlertFamily<CameraFact, CameraReport, CameraReport> = {
  name: "camera",
  kinds: ["camera-offline"],
  observe: {
    cameraStatus: ({ site, device, camera, data: m }) =>
      camera === undefined
        ? []
        : [
            {
              site,
              subject: cameraSubject(device, camera),
              update: { state: m.state, at: m.ts, reason: m.reason },
            },
          ],
  },
  note: (known, report) =>
    known && report.at < known.at ? undefined : nextCameraFact(known, report.state, report.at, report.reason),
  async load(db: Db) {
    const rows = await db.select().from(cameras);
    return rows.map((c) => {
      // "unknown" (nothing reported yet) starts no outage, and a hand-edited state is not trusted.
      const state = cameraStateSchema.safeParse(c.state);
      const stored =
        c.stateAt && state.success
          ? { state: state.data, at: c.stateAt.getTime(), reason: c.stateReason ?? undefined }
          : undefined;
      return { site: c.siteId, subject: cameraSubject(c.deviceId, c.id), stored };
    });
  },
  // A report observed here but not yet flushed must survive the merge, or a tick between the
  // observation and the batch write would resolve (or miss) its alert.
  merge(known, report) {
    if (!report) return known;
    return known && report.at <= known.at
      ? known
      : nextCameraFact(known, report.state, report.at, report.reason);
  },
  conditions: ({ site, subject, now }, fact) => cameraConditions(site, subject, fact, now),
};
