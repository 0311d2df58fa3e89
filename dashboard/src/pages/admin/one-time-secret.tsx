import { useMessages } from "../../i18n/locale.js";
import { CopyField } from "../devices/enrollment-tokens.js";
import { adminMessages } from "./admin-messages.js";
import "../devices/devices.css";

/**
 * A secret the hub returns only once (a one-time password, an API token): framed, with a copy button,
 * gone when the admin dismisses it or leaves the page.
 */
export function OneTimeSecret({
  title,
  hint,
  label,
  value,
  name,
  onDismiss,
}: {
  title: string;
  hint?: string;
  label: string;
  value: string;
  name: string;
  onDismiss: () => void;
}) {
  const t = useMessages(adminMessages);
  return (
    <div className="created-token" role="status" data-secret={name}>
      <h3>{title}</h3>
      <p className="warning">{t("once")}</p>
      {hint && <p className="muted">{hint}</p>}
      <CopyField label={label} value={value} name={name} />
      <button type="button" className="secondary" onClick={onDismiss}>
        {t("sites.close")}
      </button>
    </div>
  );
}
