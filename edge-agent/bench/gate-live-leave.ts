import { onLive } from "@sitewatch/shared-protocol";
import { eventually } from "@sitewatch/testkit";
import { type HubLiveFrames, untilQuiet } from "../src/agent/hub-live-frames.test-support.js";
import type { DashboardSocket } from "./gate-rig.js";

/**
 * One viewer of the gate's live view, from watch to leave: how soon frames come, and how soon after
 * it leaves they stop reaching the hub (its ingest counter, polled). The hub forwards frames to
 * viewers only, so after the last viewer has gone the counter is the only witness of a device that
 * goes on streaming.
 */
export type LeaveHow = "unwatch" | "socket closed" | "tab closed";

export interface LeaveResult {
  how: LeaveHow;
  /** live:watch sent (or the page's "Watch live" clicked) → first frame at the viewer. */
  watchToViewerMs: number;
  /** The same → first frame counted at the hub. */
  watchToHubMs: number;
  /** Viewer left → last frame counted at the hub (0 when none came after it). */
  leaveToLastFrameMs: number;
  /** Frames the hub counted after the viewer left. */
  framesAfterLeave: number;
  /** How long the hub then saw no frame (the wait ends once the quiet period is reached). */
  quietForMs: number;
}

/** Frames must stay away this long after they stopped. */
export const QUIET_MS = 10_000;
/** Give up when frames still come this long after leaving (the device's session TTL is 60 s). */
const LEAVE_TIMEOUT_MS = 45_000;

const firstGrowthAfter = (frames: HubLiveFrames, at: number) => frames.growths.find((g) => g.at > at)?.at;

/** Leaves by `leave` (which returns when it left) and waits until the hub has been quiet for QUIET_MS. */
export async function observeLeave(
  frames: HubLiveFrames,
  leave: () => Promise<number>,
): Promise<Pick<LeaveResult, "leaveToLastFrameMs" | "framesAfterLeave" | "quietForMs">> {
  const before = frames.count;
  const leftAt = await leave();
  const { lastAt, quietForMs } = await untilQuiet(frames, leftAt, QUIET_MS, LEAVE_TIMEOUT_MS);
  return {
    leaveToLastFrameMs: Math.max(0, lastAt - leftAt),
    framesAfterLeave: frames.count - before,
    quietForMs,
  };
}

/** Time from `watchAt` to the first frame the hub counted after it. */
export async function watchToHub(frames: HubLiveFrames, watchAt: number): Promise<number> {
  const at = await eventually("a live frame at the hub", () => firstGrowthAfter(frames, watchAt), 30_000, 50);
  return at - watchAt;
}

/**
 * A Node Socket.IO viewer, as the dashboard's live view talks to the hub: live:watch, frames for
 * `watchMs`, then either live:unwatch or a closed connection.
 */
export async function socketViewer(
  connect: () => Promise<DashboardSocket>,
  frames: HubLiveFrames,
  address: { site: string; device: string; camera: string },
  how: "unwatch" | "socket closed",
  watchMs: number,
): Promise<LeaveResult> {
  const socket = await connect();
  let firstAt: number | undefined;
  onLive(socket, "live:frame", () => {
    firstAt ??= Date.now();
  });
  const watchAt = Date.now();
  const watched = await socket.timeout(10_000).emitWithAck("live:watch", address);
  if (!watched.ok) throw new Error(`live:watch: ${watched.error.message}`);
  const viewerAt = await eventually("a live frame at the viewer", () => firstAt, 30_000, 20);
  const hubMs = await watchToHub(frames, watchAt);
  await new Promise((r) => setTimeout(r, watchMs));
  const left = await observeLeave(frames, async () => {
    const at = Date.now();
    if (how === "socket closed") socket.disconnect();
    else {
      const unwatched = await socket.timeout(10_000).emitWithAck("live:unwatch", address);
      if (!unwatched.ok) throw new Error(`live:unwatch: ${unwatched.error.message}`);
    }
    return at;
  });
  socket.disconnect();
  return { how, watchToViewerMs: viewerAt - watchAt, watchToHubMs: hubMs, ...left };
}
