import type { SessionList } from "@sitewatch/hub/api-types";
import { useState } from "react";
import { useApi, useSession, useSite } from "../../../app/app-context.js";
import { LoadState } from "../../../app/load-state.js";
import { useResource } from "../../../app/use-resource.js";
import { formatDuration, formatPercent, formatTime } from "../../../i18n/format.js";
import { useLocale, useMessages } from "../../../i18n/locale.js";
import { reportMessages } from "./messages.js";
import type { TrendReport } from "./report-data.js";
import { SessionReportView } from "./session-report-view.js";
import { TrendView } from "./trend-view.js";
import "../attention.css";

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Focus reports of the site: the over-time report (time of day, weekday, daily trend) for a date
 * range, and the sessions in it, each opening its own report.
 */
export default function ReportsPage() {
  const api = useApi();
  const { site } = useSite();
  const { locale } = useLocale();
  const t = useMessages(reportMessages);
  const [range, setRange] = useState(() => ({
    from: isoDay(Date.now() - 27 * DAY_MS),
    to: isoDay(Date.now()),
  }));
  const [open, setOpen] = useState<string | undefined>(undefined);
  // A learner's own figures by default; site managers can widen to everyone in the site.
  const [mine, setMine] = useState(true);
  const me = useSession()?.user.id;
  // `to` is a whole day: the query ends at the next midnight.
  const query = {
    from: `${range.from}T00:00:00.000Z`,
    to: new Date(Date.parse(range.to) + DAY_MS).toISOString(),
  };
  const trend = useResource(
    () =>
      api.get<TrendReport>(`/api/v1/sites/${site.id}/attention-reports`, {
        ...query,
        learner: mine ? "me" : undefined,
      }),
    [api, site.id, range.from, range.to, mine],
  );
  const sessions = useResource(
    () => api.get<SessionList>(`/api/v1/sites/${site.id}/attention-sessions`, { ...query, limit: 100 }),
    [api, site.id, range.from, range.to],
  );
  const listed = sessions.data?.sessions.filter((s) => !mine || s.learner === me);
  return (
    <section className="focus-reports" aria-labelledby="focus-reports-title">
      <h1 id="focus-reports-title">{t("title")}</h1>
      <form className="focus-range" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t("from")}
          <input
            type="date"
            value={range.from}
            max={range.to}
            onChange={(e) => e.target.value && setRange((r) => ({ ...r, from: e.target.value }))}
          />
        </label>
        <label>
          {t("to")}
          <input
            type="date"
            value={range.to}
            min={range.from}
            onChange={(e) => e.target.value && setRange((r) => ({ ...r, to: e.target.value }))}
          />
        </label>
        <label className="focus-toggle">
          <input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} />
          {t("mine")}
        </label>
      </form>
      {trend.data ? <TrendView report={trend.data} /> : <LoadState resource={trend} />}
      <h2>{t("sessions")}</h2>
      {!listed ? (
        <LoadState resource={sessions} />
      ) : listed.length === 0 ? (
        <p className="empty">{t("sessions.empty")}</p>
      ) : (
        <table className="focus-sessions">
          <thead>
            <tr>
              <th scope="col">{t("col.started")}</th>
              <th scope="col">{t("col.duration")}</th>
              <th scope="col">{t("focusPct")}</th>
              <th scope="col">{t("col.alerts")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("open")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {listed.map((s) => (
              <tr key={s.id} data-session={s.id}>
                <td>{formatTime(s.startedAt, locale, true)}</td>
                <td>
                  {formatDuration(Date.parse(s.endedAt ?? s.lastEventAt) - Date.parse(s.startedAt), locale)}
                </td>
                <td>{formatPercent(s.focusPct, locale)}</td>
                <td>{s.alerts}</td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    aria-expanded={open === s.id}
                    onClick={() => setOpen(open === s.id ? undefined : s.id)}
                  >
                    {open === s.id ? t("close") : t("open")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && <SessionReportView key={open} session={open} />}
    </section>
  );
}
