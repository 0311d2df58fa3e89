import type {
  NotificationChannel,
  NotificationDelivery,
  WrittenNotificationChannel,
} from "@sitewatch/hub/api-types";
import { useState } from "react";
import { useApi } from "../../app/app-context.js";
import { useMessages } from "../../i18n/locale.js";
import { ChannelEditor } from "./channel-editor.js";
import { notificationMessages } from "./messages.js";

function target(channel: NotificationChannel): string {
  const c = channel.config as { url?: string; host?: string; port?: number; to?: string[] };
  return channel.kind === "email" ? `${c.to?.join(", ") ?? ""} via ${c.host}:${c.port}` : (c.url ?? "");
}

/**
 * One channel: where it sends and what it gets; admins can send a test (the hub answers with the
 * receiver's reply), edit, give a webhook a new secret, or delete it (a second click confirms).
 */
export function ChannelCard({
  site,
  channel,
  readOnly,
  onChanged,
  onSecret,
}: {
  site: string;
  channel: NotificationChannel;
  readOnly: boolean;
  onChanged: () => void;
  onSecret: (written: WrittenNotificationChannel) => void;
}) {
  const api = useApi();
  const t = useMessages(notificationMessages);
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string }>();
  const path = `/api/v1/sites/${encodeURIComponent(site)}/notification-channels/${channel.id}`;
  const fail = (err: unknown) =>
    setResult({ ok: false, text: t("failed", { message: (err as Error).message }) });

  const test = () => {
    setResult(undefined);
    api.post<NotificationDelivery>(`${path}/test`).then((d) => {
      // The test is in the delivery log now.
      onChanged();
      setResult(
        d.status === "sent"
          ? { ok: true, text: t("testSent", { code: d.responseCode ?? "ok" }) }
          : { ok: false, text: t("testFailed", { error: d.lastError ?? "?" }) },
      );
    }, fail);
  };
  const remove = () => {
    if (!confirming) return setConfirming(true);
    api.delete(path).then(onChanged, fail);
  };
  const rotate = () =>
    api.patch<WrittenNotificationChannel>(path, { rotateSecret: true }).then((w) => {
      onSecret(w);
      onChanged();
    }, fail);

  if (editing)
    return (
      <article className="card" aria-label={channel.name}>
        <ChannelEditor
          site={site}
          channel={channel}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
        />
      </article>
    );
  return (
    <article className="card" aria-label={channel.name} data-channel={channel.id}>
      <h3>
        {channel.name} <span className="muted">{t(`kind.${channel.kind}`)}</span>
        {!channel.enabled && <span className="muted"> · {t("disabled")}</span>}
      </h3>
      <p data-fact="target">{target(channel)}</p>
      <p className="muted" data-fact="routing">
        {(channel.alertKinds ?? [t("field.allKinds")]).join(", ")} ·{" "}
        {channel.events.map((e) => t(`event.${e as "raised"}`)).join(", ")}
        {channel.quietHours && ` · ${t("field.quiet")} ${channel.quietHours.start}–${channel.quietHours.end}`}
        {channel.hasSecret && ` · ${t("hasSecret")}`}
      </p>
      {!readOnly && (
        <div className="row-actions">
          <button type="button" onClick={test}>
            {t("test")}
          </button>
          <button type="button" className="secondary" onClick={() => setEditing(true)}>
            {t("edit")}
          </button>
          {channel.kind === "webhook" && (
            <button type="button" className="secondary" onClick={rotate}>
              {t("rotate")}
            </button>
          )}
          <button type="button" className="danger" onClick={remove}>
            {t("delete")}
          </button>
        </div>
      )}
      {confirming && <p className="warning">{t("deleteConfirm", { name: channel.name })}</p>}
      {result && (
        <p role={result.ok ? "status" : "alert"} className={result.ok ? undefined : "error"}>
          {result.text}
        </p>
      )}
    </article>
  );
}
