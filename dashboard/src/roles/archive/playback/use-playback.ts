import { useEffect, useState } from "react";
import type { ApiClient } from "../../../api/api-client.js";
import { ApiRequestError } from "../../../api/api-client.js";
import { useApi } from "../../../app/app-context.js";
import {
  type CameraRef,
  type Playback,
  playbackPath,
  type SegmentPage,
  segmentsPath,
} from "../archive-api.js";

/** What to play: a segment of a camera, from `offsetMs` on. */
export interface PlaybackTarget extends CameraRef {
  /** The segments row id when known (the timeline); an analysis job names only the segment. */
  id?: string;
  segment: string;
  startedAt: number;
  durationMs: number;
  bytes?: number;
  offsetMs: number;
}

export type PlaybackState =
  | { state: "idle" }
  | { state: "locating" }
  | { state: "fetching"; since: number }
  | { state: "ready"; playback: Playback }
  | { state: "failed"; reason: PlaybackFailure; message: string };

export type PlaybackFailure = "offline" | "timeout" | "device" | "missing" | "notListed" | "other";

const BY_STATUS: Record<number, PlaybackFailure> = {
  404: "missing",
  502: "device",
  503: "offline",
  504: "timeout",
};

/** The segments row of a job's segment: listed by its start time, matched by its device id. */
async function segmentId(api: ApiClient, target: PlaybackTarget): Promise<string> {
  const at = target.startedAt;
  const page = await api.get<SegmentPage>(segmentsPath(target), {
    from: new Date(at).toISOString(),
    to: new Date(at + 1).toISOString(),
    limit: 20,
  });
  const found = page.segments.find((s) => s.segment === target.segment);
  if (!found) throw new NotListed(target.segment);
  return found.id;
}

class NotListed extends Error {}

/**
 * Asks the hub for `target`'s segment, which makes the device upload it; the answer comes once the
 * upload finished (seconds to minutes for a long segment), with a short-lived URL a `<video>` can
 * play without the token. Each new target (another click, even on the same segment) starts over; an
 * answer for a target that was replaced meanwhile is dropped.
 */
export function usePlayback(target: PlaybackTarget | undefined): PlaybackState {
  const api = useApi();
  const [state, setState] = useState<PlaybackState>({ state: "idle" });
  useEffect(() => {
    if (!target) {
      setState({ state: "idle" });
      return;
    }
    let current = true;
    void (async () => {
      try {
        let id = target.id;
        if (!id) {
          setState({ state: "locating" });
          id = await segmentId(api, target);
        }
        if (!current) return;
        setState({ state: "fetching", since: Date.now() });
        const playback = await api.post<Playback>(playbackPath(target.site, id));
        if (current) setState({ state: "ready", playback });
      } catch (err) {
        if (!current) return;
        const message = err instanceof Error ? err.message : String(err);
        const reason =
          err instanceof NotListed
            ? "notListed"
            : (err instanceof ApiRequestError && BY_STATUS[err.status]) || "other";
        setState({ state: "failed", reason, message });
      }
    })();
    return () => {
      current = false;
    };
  }, [api, target]);
  return state;
}
