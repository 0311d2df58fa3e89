import { useEffect, useState } from "react";
import { useLive, useSite } from "../../../app/app-context.js";
import { formatTime } from "../../../i18n/format.js";
import { useLocale, useMessages } from "../../../i18n/locale.js";
import { subscribeLive } from "../../../live/subscribe-live.js";
import { type ActivityItem, activityItem, addActivity, isKnownKind, MAX_ACTIVITY } from "./activity-list.js";
import { gateLiveMessages } from "./messages.js";
import "./gate-live.css";

/**
 * What the site's gate cameras are doing, as they report it (`gate:activity`): detections, capture
 * attempts, OCR results, processing started or stopped, errors. Newest first, the last
 * MAX_ACTIVITY only; the events are not stored, so the feed starts empty when the page opens.
 */
export function ActivityFeed({ max = MAX_ACTIVITY }: { max?: number }) {
  const live = useLive();
  const { site } = useSite();
  const t = useMessages(gateLiveMessages);
  const [items, setItems] = useState<readonly ActivityItem[]>([]);

  useEffect(() => {
    setItems([]);
    return subscribeLive(live.socket, "gate:activity", (event) => {
      if (event.site !== site.id) return;
      const item = activityItem(event);
      setItems((list) => addActivity(list, item, max));
    });
  }, [live, site.id, max]);

  return (
    <section className="gate-activity card" aria-labelledby="gate-activity-title">
      <h2 id="gate-activity-title">{t("activity.title")}</h2>
      {items.length === 0 ? (
        <p className="empty">{t("activity.empty")}</p>
      ) : (
        <ol className="activity-list">
          {items.map((item) => (
            <ActivityLine key={item.id} item={item} />
          ))}
        </ol>
      )}
    </section>
  );
}

function ActivityLine({ item }: { item: ActivityItem }) {
  const t = useMessages(gateLiveMessages);
  const { locale } = useLocale();
  const kind = isKnownKind(item.kind) ? t(`activity.${item.kind}`) : item.kind;
  return (
    <li className={`activity activity-${isKnownKind(item.kind) ? item.kind : "other"}`} data-id={item.id}>
      <time dateTime={new Date(item.at).toISOString()}>{formatTime(item.at, locale)}</time>
      <span className="activity-camera">{item.camera || item.device}</span>
      <span className="activity-kind">{kind}</span>
      {item.trackId !== undefined && (
        <span className="activity-track">{t("activity.track", { id: item.trackId })}</span>
      )}
      {item.text !== undefined && <ReadText text={item.text} valid={item.valid} />}
      {item.message !== undefined && <span className="activity-message">{item.message}</span>}
    </li>
  );
}

/** What OCR read; only a read the device says is valid is shown as a code, anything else is marked. */
function ReadText({ text, valid }: { text: string; valid: boolean | undefined }) {
  const t = useMessages(gateLiveMessages);
  if (valid === true)
    return (
      <span className="activity-text activity-valid">
        {text} ✓ {t("activity.valid")}
      </span>
    );
  return (
    <span className="activity-text activity-invalid">
      {text} ✗ {t("activity.invalid")}
    </span>
  );
}
