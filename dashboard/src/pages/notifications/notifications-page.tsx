import type { NotificationChannelList, WrittenNotificationChannel } from "@sitewatch/hub/api-types";
import { useState } from "react";
import { useApi, useSession, useSite } from "../../app/app-context.js";
import { LoadState } from "../../app/load-state.js";
import { useResource } from "../../app/use-resource.js";
import { useMessages } from "../../i18n/locale.js";
import { OneTimeSecret } from "../admin/one-time-secret.js";
import { ChannelCard } from "./channel-card.js";
import { ChannelEditor } from "./channel-editor.js";
import { DeliveryLog } from "./delivery-log.js";
import { notificationMessages } from "./messages.js";

/**
 * A site's alert notifications: its channels (admins add, edit, test and delete them; a site manager
 * sees them read-only) and the delivery log. A webhook's signing secret is shown once, right after
 * the hub made it.
 */
export default function NotificationsPage() {
  const { site } = useSite();
  const api = useApi();
  const session = useSession();
  const t = useMessages(notificationMessages);
  const readOnly = session?.user.role !== "admin";
  const path = `/api/v1/sites/${encodeURIComponent(site.id)}/notification-channels`;
  const channels = useResource(
    () => api.get<NotificationChannelList>(path).then((r) => r.channels),
    [api, path],
  );
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<WrittenNotificationChannel>();
  const [version, setVersion] = useState(0);
  const changed = () => {
    channels.reload();
    setVersion((v) => v + 1);
  };
  const showSecret = (written: WrittenNotificationChannel) => {
    if (written.secret) setSecret(written);
  };

  return (
    <div className="notifications-page" key={site.id}>
      <h1>{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      {readOnly && <p className="notice">{t("readOnly")}</p>}
      {secret?.secret && (
        <OneTimeSecret
          title={t("secretTitle", { name: secret.name })}
          hint={t("secretHint")}
          label={t("secretLabel")}
          value={secret.secret}
          name="webhook-secret"
          onDismiss={() => setSecret(undefined)}
        />
      )}
      <section aria-labelledby="channels">
        <h2 id="channels">{t("channels.title")}</h2>
        {!channels.data ? (
          <LoadState resource={channels} />
        ) : channels.data.length === 0 ? (
          <p className="empty">{t("channels.none")}</p>
        ) : (
          channels.data.map((c) => (
            <ChannelCard
              key={c.id}
              site={site.id}
              channel={c}
              readOnly={readOnly}
              onChanged={changed}
              onSecret={showSecret}
            />
          ))
        )}
        {!readOnly &&
          (adding ? (
            <section className="card" aria-label={t("channels.add")}>
              <ChannelEditor
                site={site.id}
                onCancel={() => setAdding(false)}
                onSaved={(written) => {
                  setAdding(false);
                  showSecret(written);
                  changed();
                }}
              />
            </section>
          ) : (
            <button type="button" onClick={() => setAdding(true)}>
              {t("channels.add")}
            </button>
          ))}
      </section>
      <DeliveryLog site={site.id} channels={channels.data ?? []} version={version} />
    </div>
  );
}
