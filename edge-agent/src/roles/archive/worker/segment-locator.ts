import { existsSync } from "node:fs";
import { join } from "node:path";
import type { AnalysisJob } from "@sitewatch/shared-protocol";
import { parseSegmentUri } from "../recording/segment-names.js";

/**
 * Where a job's segment lies on this device: its `device://<camera>/<segment>.mp4` uri resolved under
 * the agent's archive directory (`<dataDir>/archive/<camera>/`). Anything that would leave that
 * directory, another device's job, or a file retention already deleted is reported, not opened.
 */
export function segmentLocator(archiveDir: string, self: { site: string; device: string }) {
  return (job: AnalysisJob): string | { missing: string } => {
    if (job.site !== self.site || job.device !== self.device)
      return { missing: `the segment is on ${job.site}/${job.device}, not on this device` };
    const where = parseSegmentUri(job.segmentUri);
    if (!where || where.camera !== job.camera)
      return { missing: `not a segment of this device's archive: ${job.segmentUri}` };
    const path = join(archiveDir, where.camera, `${where.id}.mp4`);
    if (!existsSync(path))
      return {
        missing: `segment ${job.camera}/${job.segment} is no longer on the device (retention deleted it)`,
      };
    return path;
  };
}
