import type {
  NotificationChannel,
  NotificationDelivery,
  NotificationDeliveryList,
} from "@sitewatch/hub/api-types";
import { useEffect, useState } from "react";
import { useApi } from "../../app/app-context.js";
import { formatTime } from "../../i18n/format.js";
import { useLocale, useMessages } from "../../i18n/locale.js";
import { notificationMessages } from "./messages.js";

const PAGE = 25;

/**
 * The site's delivery log, newest first, one page at a time ("Older" follows the hub's cursor), with a
 * filter by channel. `version` changes when something was sent, so the first page is loaded again.
 */
export function DeliveryLog({
  site,
  channels,
  version,
}: {
  site: string;
  channels: readonly NotificationChannel[];
  version: number;
}) {
  const api = useApi();
  const t = useMessages(notificationMessages);
  const { locale } = useLocale();
  const [channel, setChannel] = useState("");
  const [rows, setRows] = useState<NotificationDelivery[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const path = `/api/v1/sites/${encodeURIComponent(site)}/notification-deliveries`;

  const load = (cursor?: string) =>
    api
      .get<NotificationDeliveryList>(path, {
        limit: PAGE,
        ...(channel ? { channel } : {}),
        ...(cursor ? { cursor } : {}),
      })
      .then(
        (page) => {
          setRows((old) => (cursor ? [...old, ...page.deliveries] : page.deliveries));
          setNext(page.nextCursor);
          setError(undefined);
        },
        (err: unknown) => setError((err as Error).message),
      );

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload the first page when the filter or version changes.
  useEffect(() => {
    void load();
  }, [path, channel, version]);

  const nameOf = (id: string) => channels.find((c) => c.id === id)?.name ?? id.slice(0, 8);
  return (
    <section className="card" aria-labelledby="delivery-log">
      <h2 id="delivery-log">{t("log.title")}</h2>
      <label>
        {t("log.channel")}
        <select value={channel} onChange={(e) => setChannel(e.target.value)}>
          <option value="">{t("log.allChannels")}</option>
          {channels.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="empty">{t("log.none")}</p>
      ) : (
        <table className="delivery-log">
          <thead>
            <tr>
              <th>{t("log.when")}</th>
              <th>{t("log.channel")}</th>
              <th>{t("log.event")}</th>
              <th>{t("log.alert")}</th>
              <th>{t("log.status")}</th>
              <th>{t("log.attempts")}</th>
              <th>{t("log.result")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.id} data-delivery={d.id} data-status={d.status}>
                <td>{formatTime(d.createdAt, locale, true)}</td>
                <td>{nameOf(d.channel)}</td>
                <td>{t(`event.${d.event}`)}</td>
                <td>{d.alertKind ? `${d.alertKind} ${d.subject ?? ""}` : "—"}</td>
                <td>{t(`status.${d.status}`)}</td>
                <td>{d.attempt}</td>
                <td>{d.lastError ?? d.responseCode ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" className="secondary" onClick={() => void load(next)}>
          {t("log.more")}
        </button>
      )}
    </section>
  );
}
