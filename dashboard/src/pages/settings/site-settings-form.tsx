import type { Site, UpdateSiteBody } from "@sitewatch/hub/api-types";
import { type FormEvent, useState } from "react";
import { useApi } from "../../app/app-context.js";
import { useMessages } from "../../i18n/locale.js";
import { settingsMessages } from "./messages.js";
import { TimeZoneSelect } from "./time-zone-select.js";

/**
 * A site's name, time zone and alert thresholds. Admins save with one PATCH; everyone else sees the
 * same fields disabled, so a site manager knows what the alerts are based on.
 */
export function SiteSettingsForm({
  site,
  readOnly,
  onSaved,
}: {
  site: Site;
  readOnly: boolean;
  onSaved?: (site: Site) => void;
}) {
  const api = useApi();
  const t = useMessages(settingsMessages);
  const [name, setName] = useState(site.name);
  const [timezone, setTimezone] = useState(site.timezone);
  const [held, setHeld] = useState(site.alertHeldMinutes);
  const [vacant, setVacant] = useState(site.alertVacantHours);
  const [state, setState] = useState<{ busy?: boolean; saved?: boolean; error?: string }>({});

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setState({ busy: true });
    const body: UpdateSiteBody = {
      name: name.trim(),
      timezone,
      alertHeldMinutes: held,
      alertVacantHours: vacant,
    };
    api.patch<Site>(`/api/v1/sites/${encodeURIComponent(site.id)}`, body).then(
      (saved) => {
        setState({ saved: true });
        onSaved?.(saved);
      },
      (err: unknown) => setState({ error: t("failed", { message: (err as Error).message }) }),
    );
  };

  return (
    <form className="settings-form" onSubmit={submit} data-site-form={site.id}>
      <label>
        {t("site.name")}
        <input
          value={name}
          required
          maxLength={200}
          disabled={readOnly}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <TimeZoneSelect
        label={t("site.timezone")}
        value={timezone}
        onChange={setTimezone}
        disabled={readOnly}
      />
      <label>
        {t("site.held")}
        <input
          type="number"
          min={1}
          max={24 * 60}
          required
          value={Number.isFinite(held) ? held : ""}
          disabled={readOnly}
          onChange={(e) => setHeld(e.target.valueAsNumber)}
        />
      </label>
      <label>
        {t("site.vacant")}
        <input
          type="number"
          min={1}
          max={7 * 24}
          required
          value={Number.isFinite(vacant) ? vacant : ""}
          disabled={readOnly}
          onChange={(e) => setVacant(e.target.valueAsNumber)}
        />
      </label>
      {!readOnly && (
        <div className="form-actions">
          <button type="submit" disabled={state.busy}>
            {t("save")}
          </button>
          {state.saved && <span role="status">{t("saved")}</span>}
          {state.error && (
            <span role="alert" className="error">
              {state.error}
            </span>
          )}
        </div>
      )}
    </form>
  );
}
