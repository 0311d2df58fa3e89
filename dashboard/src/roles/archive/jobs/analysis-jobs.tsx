import type { AnalysisJob } from "@sitewatch/shared-protocol";
import { useEffect } from "react";
import { useApi, useLive, useSession } from "../../../app/app-context.js";
import { LoadState } from "../../../app/load-state.js";
import { useMessages } from "../../../i18n/locale.js";
import { subscribeLive } from "../../../live/subscribe-live.js";
import { type CameraRef, type JobPage, jobsPath, newerJobFirst } from "../archive-api.js";
import { ListFooter } from "../list-footer.js";
import { useCursorList } from "../use-cursor-list.js";
import { JobCard } from "./job-card.js";
import { jobMessages } from "./messages.js";

const PAGE_SIZE = 20;
const jobId = (job: AnalysisJob) => job.id;

export interface AnalysisJobsProps {
  camera: CameraRef;
  onJump(job: AnalysisJob, offsetMs: number): void;
}

/**
 * The camera's analysis jobs, newest first, paged with the hub's cursor. Every change a worker or an
 * admin makes arrives as `archive:job` and replaces the job where it is listed (a new one joins the
 * top), so status, score and results follow without reloading.
 */
export function AnalysisJobs({ camera, onJump }: AnalysisJobsProps) {
  const api = useApi();
  const live = useLive();
  const session = useSession();
  const t = useMessages(jobMessages);
  const { site, device, camera: cameraId } = camera;
  const list = useCursorList<AnalysisJob>(
    (cursor) =>
      api
        .get<JobPage>(jobsPath(site), { device, camera: cameraId, limit: PAGE_SIZE, cursor })
        .then((page) => ({ items: page.jobs, nextCursor: page.nextCursor })),
    jobId,
    newerJobFirst,
    [api, site, device, cameraId],
  );
  const { upsert } = list;

  useEffect(
    () =>
      subscribeLive(live.socket, "archive:job", (event) => {
        const job = event.data;
        if (job.site === site && job.device === device && job.camera === cameraId) upsert(job);
      }),
    [live, upsert, site, device, cameraId],
  );

  const admin = session?.user.role === "admin";
  const data = list.data;
  return (
    <section className="archive-jobs card" aria-labelledby="archive-jobs-title">
      <h2 id="archive-jobs-title">{t("title")}</h2>
      {!data ? (
        <LoadState resource={list} />
      ) : data.items.length === 0 ? (
        <p className="empty">{t("empty")}</p>
      ) : (
        <ol className="job-list" aria-busy={list.loading}>
          {data.items.map((job) => (
            <JobCard key={job.id} job={job} admin={admin} onChange={upsert} onJump={onJump} />
          ))}
        </ol>
      )}
      <ListFooter list={list} olderLabel={t("older")} liveNote={t("live")} />
    </section>
  );
}
