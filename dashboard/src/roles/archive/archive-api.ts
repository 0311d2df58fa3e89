import type { AnalysisJob } from "@sitewatch/shared-protocol";

// The archive's REST shapes as the hub answers them (hub/src/roles/archive/routes/). The hub's
// api-types does not export them yet, so they are spelled here, field for field.

/** `GET …/cameras/{camera}/segments`: one closed recording segment; the file stays on the device. */
export interface ArchiveSegment {
  /** The segments table's row id, which `POST …/segments/{id}/playback` takes. */
  id: string;
  device: string;
  camera: string;
  /** The device's segment id, unique per camera; analysis jobs name their segment by it. */
  segment: string;
  uri: string;
  startedAt: number;
  durationMs: number;
  bytes: number;
  container: string;
  codec: string;
}

export interface SegmentPage {
  segments: ArchiveSegment[];
  nextCursor: string | null;
}

export interface JobPage {
  jobs: AnalysisJob[];
  nextCursor: string | null;
}

/** `POST /api/v1/sites/{site}/segments/{id}/playback` once the device uploaded the file. */
export interface Playback {
  /** Same-origin and without Authorization: the ticket in it is the capability, for ten minutes. */
  url: string;
  expiresAt: string;
  bytes: number;
  startedAt: string;
  durationMs: number;
}

/** One camera of a site, by the device that runs it. */
export interface CameraRef {
  site: string;
  device: string;
  camera: string;
}

const seg = encodeURIComponent;

export function cameraPath({ site, device, camera }: CameraRef): string {
  return `/api/v1/sites/${seg(site)}/devices/${seg(device)}/cameras/${seg(camera)}`;
}

/** The live playlist; every request for it tells the hub somebody still watches. */
export function livePlaylistPath(ref: CameraRef): string {
  return `${cameraPath(ref)}/live/index.m3u8`;
}

export function segmentsPath(ref: CameraRef): string {
  return `${cameraPath(ref)}/segments`;
}

export function playbackPath(site: string, segmentId: string): string {
  return `/api/v1/sites/${seg(site)}/segments/${seg(segmentId)}/playback`;
}

export function jobsPath(site: string): string {
  return `/api/v1/sites/${seg(site)}/analysis-jobs`;
}

export function jobActionPath(id: string, action: "retry" | "cancel"): string {
  return `/api/v1/analysis-jobs/${seg(id)}/${action}`;
}

export function thumbnailPath(job: Pick<AnalysisJob, "site" | "id">, name: string): string {
  return `/api/v1/sites/${seg(job.site)}/analysis-jobs/${seg(job.id)}/thumbnails/${seg(name)}`;
}

/** Newest first, as the hub pages them: by start time, then id. */
export function newerSegmentFirst(a: ArchiveSegment, b: ArchiveSegment): number {
  return b.startedAt - a.startedAt || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0);
}

/** Newest registration first, as the hub pages them: by creation time, then id. */
export function newerJobFirst(a: AnalysisJob, b: AnalysisJob): number {
  return b.createdAt - a.createdAt || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0);
}
