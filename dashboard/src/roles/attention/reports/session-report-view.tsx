import type { FocusSummary } from "@sitewatch/shared-protocol";
import { useMemo } from "react";
import { useApi, useSite } from "../../../app/app-context.js";
import { LoadState } from "../../../app/load-state.js";
import { useResource } from "../../../app/use-resource.js";
import { EChart } from "../../../components/echart.js";
import { formatDuration, formatNumber, formatPercent } from "../../../i18n/format.js";
import { useLocale, useMessages } from "../../../i18n/locale.js";
import { init, percentChart } from "./echarts.js";
import { reportMessages } from "./messages.js";
import { type SessionReport, STATE_COLORS, STATES } from "./report-data.js";
import { StateTimeline } from "./state-timeline.js";

export function sessionReportPath(site: string, session: string): string {
  return `/api/v1/sites/${encodeURIComponent(site)}/attention-sessions/${encodeURIComponent(session)}/report`;
}

/** Hours and minutes of a minute's start, in the page's language. */
function minuteLabel(at: string, locale: string): string {
  return new Date(at).toLocaleTimeString(locale === "ko" ? "ko-KR" : "en-GB", {
    hour: "2-digit",
    minute: "2-digit",
  });
}

/**
 * One session's report from the hub: focus %, the timeline, time and episodes per state, blink
 * rate, focus per minute and the coaching text. Until it loads, the figures the hub returned when
 * the session ended stand in.
 */
export function SessionReportView({ session, summary }: { session: string; summary?: FocusSummary }) {
  const api = useApi();
  const { site } = useSite();
  const { locale } = useLocale();
  const t = useMessages(reportMessages);
  const path = sessionReportPath(site.id, session);
  const report = useResource(() => api.get<SessionReport>(path), [api, path]);
  // Coaching separately: with Ollama configured it can take seconds, and the figures should not wait.
  const coached = useResource(() => api.get<SessionReport>(path, { coaching: 1 }), [api, path]);
  const coaching = coached.data?.coaching;
  const r = report.data;
  const perMinute = useMemo(
    () =>
      r &&
      percentChart(
        "line",
        r.minutes.map((m) => minuteLabel(m.minute, locale)),
        r.minutes.map((m) => m.focusPct),
        STATE_COLORS.focused,
      ),
    [r, locale],
  );
  const focusPct = r?.focusPct ?? summary?.focusPct ?? null;
  const trackedMs = r?.trackedMs ?? summary?.activeMs;
  const alerts = r ? Object.values(r.alertCounts).reduce((a, b) => a + b, 0) : summary?.alerts;
  return (
    <section className="focus-report" aria-labelledby={`report-${session}`} data-session={session}>
      <h2 id={`report-${session}`}>{t("session.title")}</h2>
      <dl className="focus-kpis">
        <div>
          <dt>{t("focusPct")}</dt>
          <dd data-kpi="focus">{formatPercent(focusPct, locale)}</dd>
        </div>
        <div>
          <dt>{t("tracked")}</dt>
          <dd>{formatDuration(trackedMs, locale)}</dd>
        </div>
        <div>
          <dt>{t("paused")}</dt>
          <dd>{formatDuration(r?.pausedMs ?? summary?.pausedMs, locale)}</dd>
        </div>
        <div>
          <dt>{t("blinkRate")}</dt>
          <dd>
            {r?.blinks.perMinute == null
              ? "–"
              : t("blinkRateValue", { rate: formatNumber(r.blinks.perMinute, locale, 1) })}
          </dd>
        </div>
        <div>
          <dt>{t("alertsCount")}</dt>
          <dd data-kpi="alerts">{alerts ?? "–"}</dd>
        </div>
      </dl>
      {!r ? (
        <LoadState resource={report} />
      ) : (
        <>
          {coaching && (
            <section className="card focus-coaching" aria-labelledby={`coaching-${session}`}>
              <h3 id={`coaching-${session}`}>{t("coaching")}</h3>
              <p lang={coaching.language}>{coaching.text}</p>
              <p className="muted">
                {coaching.source === "ollama"
                  ? t("coaching.model", { model: coaching.model ?? "" })
                  : t("coaching.rules")}
              </p>
            </section>
          )}
          <StateTimeline report={r} />
          <table className="focus-states">
            <caption>{t("states")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("col.state")}</th>
                <th scope="col">{t("col.time")}</th>
                <th scope="col">{t("col.share")}</th>
                <th scope="col">{t("col.episodes")}</th>
                <th scope="col">{t("col.longest")}</th>
                <th scope="col">{t("col.alerts")}</th>
              </tr>
            </thead>
            <tbody>
              {STATES.map((s) => (
                <tr key={s} data-state={s}>
                  <th scope="row">{t(`state.${s}`)}</th>
                  <td>{formatDuration(r.states[s]?.ms, locale)}</td>
                  <td>{formatPercent(r.states[s]?.pct, locale)}</td>
                  <td>{r.states[s]?.episodes ?? 0}</td>
                  <td>{formatDuration(r.states[s]?.longestMs, locale)}</td>
                  <td>{s === "focused" ? "" : (r.alertCounts[s] ?? 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">
            {t("halves", {
              first: formatPercent(r.halves.first, locale),
              second: formatPercent(r.halves.second, locale),
            })}
          </p>
          {perMinute && r.minutes.length > 1 && (
            <EChart
              init={init}
              height={220}
              title={t("perMinute")}
              summary={t("perMinuteSummary")}
              option={perMinute}
            />
          )}
        </>
      )}
    </section>
  );
}
