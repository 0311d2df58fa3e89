import type { CreateSiteBody, Site } from "@sitewatch/hub/api-types";
import { type FormEvent, useState } from "react";
import { useApi } from "../../app/app-context.js";
import { useFormRequest } from "../../components/use-form-request.js";
import { useMessages } from "../../i18n/locale.js";
import { browserTimeZone, TimeZoneSelect } from "../settings/time-zone-select.js";
import { adminMessages } from "./admin-messages.js";

/** Turns a name into a site id the hub accepts: "Study Café Gangnam" → "study-caf-gangnam". */
export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^[^a-z0-9]+|-+$/g, "")
    .slice(0, 64);
}

/** A new site: its id (suggested from the name until edited), name and time zone. */
export function SiteCreateForm({ onCreated }: { onCreated: (site: Site) => void }) {
  const api = useApi();
  const t = useMessages(adminMessages);
  const [name, setName] = useState("");
  const [id, setId] = useState<string>();
  const [timezone, setTimezone] = useState(browserTimeZone);
  const { busy, error, run } = useFormRequest((message) => t("failed", { message }));
  const siteId = id ?? slugOf(name);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: CreateSiteBody = { id: siteId, name: name.trim(), timezone };
    run(
      () => api.post<Site>("/api/v1/sites", body),
      (site) => {
        setName("");
        setId(undefined);
        onCreated(site);
      },
    );
  };

  return (
    <form className="settings-form" onSubmit={submit} aria-label={t("sites.create")}>
      <label>
        {t("sites.name")}
        <input value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {t("sites.id")}
        <input
          value={siteId}
          required
          pattern="[A-Za-z0-9][A-Za-z0-9_\-]{0,63}"
          onChange={(e) => setId(e.target.value)}
        />
        <span className="muted">{t("sites.idHint")}</span>
      </label>
      <TimeZoneSelect label={t("sites.timezone")} value={timezone} onChange={setTimezone} />
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {t("sites.create")}
        </button>
        {error && (
          <span role="alert" className="error">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}
