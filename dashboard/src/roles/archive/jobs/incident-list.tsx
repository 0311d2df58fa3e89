import type { AnalysisIncident, AnalysisJob } from "@sitewatch/shared-protocol";
import { useTokenImage } from "../../../components/use-token-image.js";
import { useMessages } from "../../../i18n/locale.js";
import { thumbnailPath } from "../archive-api.js";
import { formatOffset } from "../archive-format.js";
import { jobMessages } from "./messages.js";

export interface IncidentListProps {
  job: AnalysisJob;
  incidents: readonly AnalysisIncident[];
  onJump(job: AnalysisJob, offsetMs: number): void;
}

/** A result's incidents in segment order: when, how bad, what, its picture, and a jump into the video. */
export function IncidentList({ job, incidents, onJump }: IncidentListProps) {
  const t = useMessages(jobMessages);
  const sorted = [...incidents].sort((a, b) => a.offsetMs - b.offsetMs);
  return (
    <ol className="incident-list">
      {sorted.map((incident) => {
        const offset = formatOffset(incident.offsetMs);
        return (
          <li
            // Incidents have no id of their own: a thumbnail's name is unique within its job.
            key={incident.thumbnail ?? `${incident.offsetMs}-${incident.kind}-${incident.description}`}
            className={`incident incident-${incident.severity}`}
          >
            {incident.thumbnail && (
              <IncidentThumbnail
                job={job}
                name={incident.thumbnail}
                alt={t("thumbnail", { kind: incident.kind, offset })}
              />
            )}
            <div className="incident-text">
              <span className="incident-head">
                <strong>{offset}</strong> · {t(`severity.${incident.severity}`)} · {incident.kind}
                {incident.zone && ` · ${t("zone", { zone: incident.zone })}`}
              </span>
              {incident.description && <span>{incident.description}</span>}
            </div>
            <button
              type="button"
              className="secondary"
              aria-label={t("jumpLabel", { offset, kind: incident.kind })}
              onClick={() => onJump(job, incident.offsetMs)}
            >
              {t("jump", { offset })}
            </button>
          </li>
        );
      })}
    </ol>
  );
}

/**
 * An incident's picture, fetched with the viewer's token (an `<img src>` cannot send it) and shown
 * from an object URL that is released when the picture leaves the page.
 */
function IncidentThumbnail({ job, name, alt }: { job: AnalysisJob; name: string; alt: string }) {
  const t = useMessages(jobMessages);
  const picture = useTokenImage(thumbnailPath(job, name), true);
  if (picture.state === "ready") return <img className="incident-thumb" src={picture.url} alt={alt} />;
  if (picture.state === "failed" || picture.state === "missing")
    return (
      <span
        className="incident-thumb incident-thumb-failed"
        role="img"
        aria-label={t("thumbnailFailed")}
        title={picture.state === "failed" ? picture.message : t("thumbnailFailed")}
      >
        ⚠
      </span>
    );
  return <span className="incident-thumb" aria-busy="true" />;
}
