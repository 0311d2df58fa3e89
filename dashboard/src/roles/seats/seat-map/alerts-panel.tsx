import type { HubAlert } from "@sitewatch/shared-protocol";
import { useState } from "react";
import { useSite } from "../../../app/app-context.js";
import { LoadState } from "../../../app/load-state.js";
import { useNow } from "../../../app/page-clock.js";
import { formatDuration, formatTime } from "../../../i18n/format.js";
import { useLocale, useMessages } from "../../../i18n/locale.js";
import { seatMapMessages } from "./messages.js";
import type { Alerts } from "./use-alerts.js";

/** Open alerts, oldest first, each with how long its condition has lasted and an acknowledge button. */
export function AlertsPanel({ alerts }: { alerts: Alerts }) {
  const t = useMessages(seatMapMessages);
  const list = alerts.resource.data;
  return (
    <section className="alerts card" aria-labelledby="seat-map-alerts">
      <h2 id="seat-map-alerts">
        {t("alerts.title")}
        {list && list.length > 0 && <span className="badge">{list.length}</span>}
      </h2>
      {!list ? (
        <LoadState resource={alerts.resource} />
      ) : list.length === 0 ? (
        <p className="empty">{t("alerts.none")}</p>
      ) : (
        <ul className="alert-list">
          {list.map((a) => (
            <AlertItem key={a.id} alert={a} acknowledge={alerts.acknowledge} />
          ))}
        </ul>
      )}
    </section>
  );
}

function AlertItem({ alert, acknowledge }: { alert: HubAlert; acknowledge: (id: string) => Promise<void> }) {
  const t = useMessages(seatMapMessages);
  const { locale } = useLocale();
  const { site } = useSite();
  const now = useNow();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const onAck = () => {
    setBusy(true);
    setError(undefined);
    acknowledge(alert.id).then(
      () => setBusy(false),
      (err: unknown) => {
        setBusy(false);
        setError(t("alerts.ackFailed", { message: err instanceof Error ? err.message : String(err) }));
      },
    );
  };
  const duration = formatDuration(now - alert.since, locale);
  return (
    <li className={`alert alert-${alert.kind}`} data-alert={alert.id} data-kind={alert.kind}>
      <strong className="alert-kind">
        {t(`kind.${alert.kind}`, { minutes: site.alertHeldMinutes, hours: site.alertVacantHours })}
      </strong>
      <span className="alert-text">{t(`alert.${alert.kind}`, { subject: alert.subject, duration })}</span>
      <span className="alert-since">{formatTime(alert.since, locale)}</span>
      {alert.acknowledgedAt !== undefined ? (
        <span className="alert-acked">{t("alerts.acked", { by: alert.acknowledgedBy ?? "?" })}</span>
      ) : (
        <button type="button" className="secondary" disabled={busy} onClick={onAck}>
          {t("alerts.ack")}
        </button>
      )}
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </li>
  );
}
