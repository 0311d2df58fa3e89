import { formatDuration, formatTime } from "../../../i18n/format.js";
import { useLocale, useMessages } from "../../../i18n/locale.js";
import { reportMessages } from "./messages.js";
import type { SessionReport } from "./report-data.js";

/**
 * The session as one strip of coloured spans, widths proportional to time, with a list of the
 * spans as its text alternative. Plain HTML: a few dozen spans need no chart library.
 */
export function StateTimeline({ report }: { report: SessionReport }) {
  const { locale } = useLocale();
  const t = useMessages(reportMessages);
  const origin = Date.parse(report.startedAt);
  const total = Math.max(1, Date.parse(report.until) - origin);
  return (
    <figure className="card focus-timeline" aria-label={t("timelineSummary")}>
      <h3>{t("timeline")}</h3>
      <div className="focus-timeline-strip" aria-hidden="true">
        {report.timeline.map((span) => (
          <span
            key={span.start}
            className={`focus-span focus-span-${span.state}`}
            style={{
              left: `${((Date.parse(span.start) - origin) / total) * 100}%`,
              width: `${Math.max(0.3, (span.durationMs / total) * 100)}%`,
            }}
            title={`${t(`state.${span.state}`)} ${formatDuration(span.durationMs, locale)}`}
          />
        ))}
      </div>
      <p className="muted focus-timeline-axis">
        <span>{formatTime(report.startedAt, locale)}</span>
        <span>{formatTime(report.until, locale)}</span>
      </p>
      <ol className="visually-hidden">
        {report.timeline.map((span) => (
          <li key={span.start}>
            {formatTime(span.start, locale)} {t(`state.${span.state}`)}{" "}
            {formatDuration(span.durationMs, locale)}
          </li>
        ))}
      </ol>
    </figure>
  );
}
