import type { SessionList } from "@sitewatch/hub/api-types";
import type { AttentionState } from "@sitewatch/shared-protocol";
import { useEffect, useState } from "react";
import { useApi, useLive, useSite } from "../../../app/app-context.js";
import { LoadState } from "../../../app/load-state.js";
import { useResource } from "../../../app/use-resource.js";
import { formatDuration, formatTime } from "../../../i18n/format.js";
import { useLocale, useMessages } from "../../../i18n/locale.js";
import { subscribeLive } from "../../../live/subscribe-live.js";
import { stateMessages } from "../state-messages.js";
import { applySessionEvent, runningFromList } from "./live-sessions.js";
import { liveSessionMessages } from "./messages.js";
import "../attention.css";

const STATES = ["focused", "drowsy", "yawning", "distracted", "absent"];

/** Site managers' view of the focus sessions running in their site, pushed live by the hub. */
export default function LiveSessionsPage() {
  const api = useApi();
  const live = useLive();
  const { site } = useSite();
  const { locale } = useLocale();
  const t = useMessages(liveSessionMessages);
  const states = useMessages(stateMessages);
  const list = useResource(async () => {
    const res = await api.get<SessionList>(`/api/v1/sites/${site.id}/attention-sessions`, { limit: 200 });
    return runningFromList(res.sessions);
  }, [api, site.id]);
  const { mutate } = list;
  useEffect(
    () =>
      subscribeLive(live.socket, "focus:session", (e) =>
        mutate((rows) => applySessionEvent(rows ?? [], e.data)),
      ),
    [live, mutate],
  );
  const now = useNow(5_000);
  const rows = list.data;
  return (
    <section className="focus-live" aria-labelledby="focus-live-title">
      <h1 id="focus-live-title">{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      {!rows ? (
        <LoadState resource={list} />
      ) : rows.length === 0 ? (
        <p className="empty">{t("empty")}</p>
      ) : (
        <table className="focus-sessions">
          <thead>
            <tr>
              <th scope="col">{t("col.learner")}</th>
              <th scope="col">{t("col.source")}</th>
              <th scope="col">{t("col.state")}</th>
              <th scope="col">{t("col.since")}</th>
              <th scope="col">{t("col.started")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.session} data-session={r.session} data-state={r.state}>
                <td>{r.learner ?? t("unknown")}</td>
                <td>
                  {r.source === "browser" || r.source === "frames" ? t(`source.${r.source}`) : t("unknown")}
                </td>
                <td>
                  <span className="focus-state" data-state={r.state}>
                    {r.paused
                      ? t("paused")
                      : STATES.includes(r.state)
                        ? states(`state.${r.state as AttentionState}`)
                        : r.state}
                  </span>
                </td>
                <td>{formatDuration(now - r.since, locale)}</td>
                <td>{formatTime(r.startedAt, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
