import type { AnalysisJob } from "@sitewatch/shared-protocol";
import { useState } from "react";
import { useApi } from "../../../app/app-context.js";
import { formatNumber, formatTime } from "../../../i18n/format.js";
import { useLocale, useMessages } from "../../../i18n/locale.js";
import { jobActionPath } from "../archive-api.js";
import { IncidentList } from "./incident-list.js";
import { jobMessages } from "./messages.js";

export interface JobCardProps {
  job: AnalysisJob;
  /** Retry and cancel are offered to admins only; the hub refuses them to anyone else. */
  admin: boolean;
  onChange(job: AnalysisJob): void;
  onJump(job: AnalysisJob, offsetMs: number): void;
}

const retryable = new Set(["failed", "cancelled"]);
const cancellable = new Set(["pending", "processing"]);

/** One analysis job: its segment, status, score, summary or error, incidents, and the admin's actions. */
export function JobCard({ job, admin, onChange, onJump }: JobCardProps) {
  const api = useApi();
  const t = useMessages(jobMessages);
  const { locale } = useLocale();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [open, setOpen] = useState(false);
  const incidents = job.result?.incidents ?? [];

  const act = async (action: "retry" | "cancel") => {
    setBusy(true);
    setFailure(undefined);
    try {
      const reply = await api.post<{ job: AnalysisJob }>(jobActionPath(job.id, action));
      onChange(reply.job);
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="job-card" data-job={job.id} data-status={job.status}>
      <div className="job-head">
        <strong>{t("segment", { time: formatTime(job.segmentStartedAt, locale, true) })}</strong>
        <span className={`job-status job-status-${job.status}`}>{t(`status.${job.status}`)}</span>
        <span className="muted">{t(`provider.${job.provider}`)}</span>
        <span className="muted">{t("attempts", { attempts: job.attempts, max: job.maxAttempts })}</span>
        {job.safetyScore !== null && (
          <span className="job-score">{t("score", { score: formatNumber(job.safetyScore, locale) })}</span>
        )}
        {admin && retryable.has(job.status) && (
          <button type="button" disabled={busy} onClick={() => void act("retry")}>
            {t("retry")}
          </button>
        )}
        {admin && cancellable.has(job.status) && (
          <button type="button" className="secondary" disabled={busy} onClick={() => void act("cancel")}>
            {t("cancel")}
          </button>
        )}
      </div>
      {job.result?.summary && <p className="job-summary">{job.result.summary}</p>}
      {job.error && <p className="error">{t("error", { message: job.error })}</p>}
      {failure && (
        <p role="alert" className="error">
          {t("actionFailed", { message: failure })}
        </p>
      )}
      {job.status === "completed" &&
        (incidents.length === 0 ? (
          <p className="muted">{t("noIncidents")}</p>
        ) : (
          <details className="job-incidents" onToggle={(e) => setOpen(e.currentTarget.open)}>
            <summary>{t("incidents", { count: job.incidentCount })}</summary>
            {/* Only once opened: each incident's picture is a request. */}
            {open && <IncidentList job={job} incidents={incidents} onJump={onJump} />}
          </details>
        ))}
    </li>
  );
}
