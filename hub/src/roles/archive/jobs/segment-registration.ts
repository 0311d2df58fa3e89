import type { AnalysisJob, AnalysisPlace, AnalysisProvider, SegmentReady } from "@sitewatch/shared-protocol";
import { sql } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { segments } from "../../../db/schema/index.js";
import type { BatchSink } from "../../../ingest/batch-writer.js";
import type { MessageAddr } from "../../../ingest/ingest-module.js";
import { byId, columnList, executeRows, recordsSelect, tableColumns } from "../../../ingest/sinks/records.js";
import { type JobRecord, jobColumns, jobOf, jobRecord, type RawJobRow } from "./job-rows.js";
import { JOBS_CHANNEL } from "./job-wakeups.js";

/** One segmentReady as the sink writes it: the segment row and its jobs, one per configured provider. */
export interface SegmentRow {
  id: string;
  siteId: string;
  deviceId: string;
  cameraId: string;
  segment: string;
  uri: string;
  startedAt: Date;
  durationMs: number;
  bytes: number;
  container: string;
  codec: string;
  jobs: JobRecord[];
  /** Filled by the write that committed: the jobs really registered (none for a replayed segment). */
  registered: AnalysisJob[];
}

const segmentColumns = tableColumns<typeof segments, SegmentRow>(segments, [
  "id",
  "siteId",
  "deviceId",
  "cameraId",
  "segment",
  "uri",
  "startedAt",
  "durationMs",
  "bytes",
  "container",
  "codec",
]);

const KEY = "site_id, device_id, camera_id, segment";

/**
 * One statement: the segments, then jobs only for segments this statement inserted (a replay, with
 * the same event id or a new one, inserts neither), then a NOTIFY per place, delivered at commit.
 */
export const segmentSink: BatchSink<SegmentRow, Db> = {
  name: "segments",
  oneStatement: true,
  async write(tx, rows) {
    const sorted = [...rows].sort(byId);
    const jobs = sorted.flatMap((r) => r.jobs);
    const inserted = await executeRows<RawJobRow>(
      tx,
      sql`with seg as (
          insert into segments ${columnList(segmentColumns)} ${recordsSelect(sorted, segmentColumns)}
          on conflict do nothing returning ${sql.raw(KEY)}),
        ins as (
          insert into analysis_jobs ${columnList(jobColumns)}
          select j.* from (${recordsSelect(jobs, jobColumns)}) j join seg using (${sql.raw(KEY)})
          on conflict do nothing returning *)
        select ins.*, pg_notify(${JOBS_CHANNEL}, ins.place) as notified from ins`,
    );
    const byJob = new Map(inserted.map((r) => [String(r.id), r]));
    for (const row of rows) {
      row.registered = row.jobs.flatMap((j) => {
        const raw = byJob.get(j.id);
        return raw ? [jobOf(raw)] : [];
      });
    }
  },
};

/** Which providers analyse every new segment, and where: one place for all, or one per provider. */
export interface RegistrationSettings {
  providers: readonly AnalysisProvider[];
  place: AnalysisPlace | ((provider: AnalysisProvider) => AnalysisPlace);
}

export const DEFAULT_REGISTRATION: RegistrationSettings = { providers: ["builtin"], place: "device" };

export function segmentRow(addr: MessageAddr, m: SegmentReady, settings: RegistrationSettings): SegmentRow {
  const jobs = settings.providers.map((provider) =>
    jobRecord({
      site: addr.site,
      device: addr.device,
      camera: addr.camera,
      segment: m.segment,
      segmentUri: m.uri,
      segmentStartedAt: m.startedAt,
      segmentDurationMs: m.durationMs,
      provider,
      place: typeof settings.place === "function" ? settings.place(provider) : settings.place,
    }),
  );
  return {
    id: m.id,
    siteId: addr.site,
    deviceId: addr.device,
    cameraId: addr.camera,
    segment: m.segment,
    uri: m.uri,
    startedAt: new Date(m.startedAt),
    durationMs: m.durationMs,
    bytes: m.bytes,
    container: m.container,
    codec: m.codec,
    jobs,
    registered: [],
  };
}
