import type { ArchiveSegment } from "@sitewatch/hub/api-types";
import type { AnalysisJob } from "@sitewatch/shared-protocol";

// The archive's REST shapes, inferred from the hub's schemas (hub/src/roles/archive/).
export type {
  AnalysisJobPage as JobPage,
  ArchiveSegment,
  Playback,
  SegmentPage,
} from "@sitewatch/hub/api-types";

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
