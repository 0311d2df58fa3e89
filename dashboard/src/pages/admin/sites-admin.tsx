import type { Site, SiteList } from "@sitewatch/hub/api-types";
import { Fragment, useState } from "react";
import { useApi } from "../../app/app-context.js";
import { LoadState } from "../../app/load-state.js";
import { useResource } from "../../app/use-resource.js";
import { formatTime } from "../../i18n/format.js";
import { useLocale, useMessages } from "../../i18n/locale.js";
import { SiteSettingsForm } from "../settings/site-settings-form.js";
import { adminMessages } from "./admin-messages.js";
import { SiteCreateForm } from "./site-create-form.js";

/** Every site: create, edit (name, time zone, alert thresholds) and delete with a typed confirmation. */
export function SitesAdmin({ onSitesChanged }: { onSitesChanged: () => void }) {
  const api = useApi();
  const t = useMessages(adminMessages);
  const { locale } = useLocale();
  const sites = useResource(() => api.get<SiteList>("/api/v1/sites").then((r) => r.sites), [api]);
  const [open, setOpen] = useState<{ site: string; mode: "edit" | "delete" }>();
  const [notice, setNotice] = useState<string>();
  const changed = () => {
    sites.reload();
    onSitesChanged();
  };
  const toggle = (site: string, mode: "edit" | "delete") =>
    setOpen((o) => (o?.site === site && o.mode === mode ? undefined : { site, mode }));

  return (
    <section className="admin-section" aria-labelledby="admin-sites">
      <h2 id="admin-sites">{t("sites.title")}</h2>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {!sites.data ? (
        <LoadState resource={sites} />
      ) : sites.data.length === 0 ? (
        <p className="empty">{t("sites.none")}</p>
      ) : (
        <div className="table-scroll">
          <table aria-label={t("sites.title")}>
            <thead>
              <tr>
                <th scope="col">{t("sites.id")}</th>
                <th scope="col">{t("sites.name")}</th>
                <th scope="col">{t("sites.timezone")}</th>
                <th scope="col">{t("sites.thresholds")}</th>
                <th scope="col">{t("sites.created")}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {sites.data.map((s) => (
                <Fragment key={s.id}>
                  <tr data-site={s.id}>
                    <th scope="row">{s.id}</th>
                    <td>{s.name}</td>
                    <td>{s.timezone}</td>
                    <td>
                      {t("sites.thresholdValues", { held: s.alertHeldMinutes, vacant: s.alertVacantHours })}
                    </td>
                    <td>{formatTime(s.createdAt, locale, true)}</td>
                    <td className="row-actions">
                      <button type="button" className="secondary" onClick={() => toggle(s.id, "edit")}>
                        {open?.site === s.id && open.mode === "edit" ? t("sites.close") : t("sites.edit")}
                      </button>
                      <button type="button" className="secondary" onClick={() => toggle(s.id, "delete")}>
                        {t("sites.delete")}
                      </button>
                    </td>
                  </tr>
                  {open?.site === s.id && (
                    <tr className="row-detail">
                      <td colSpan={6}>
                        {open.mode === "edit" ? (
                          <SiteSettingsForm site={s} readOnly={false} onSaved={changed} />
                        ) : (
                          <DeleteSite
                            site={s}
                            onCancel={() => setOpen(undefined)}
                            onDeleted={() => {
                              setOpen(undefined);
                              setNotice(t("sites.deleted", { site: s.name }));
                              changed();
                            }}
                          />
                        )}
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="card">
        <h3>{t("sites.create")}</h3>
        <SiteCreateForm onCreated={changed} />
      </div>
    </section>
  );
}

/** Deleting a site loses its history, so the admin types its id first (as GitHub asks for a repo's name). */
function DeleteSite({
  site,
  onCancel,
  onDeleted,
}: {
  site: Site;
  onCancel: () => void;
  onDeleted: () => void;
}) {
  const api = useApi();
  const t = useMessages(adminMessages);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string>();
  const remove = () =>
    api
      .delete(`/api/v1/sites/${encodeURIComponent(site.id)}`)
      .then(onDeleted, (err: unknown) => setError(t("failed", { message: (err as Error).message })));
  return (
    <div className="danger-zone" data-delete-site={site.id}>
      <p className="warning">{t("sites.deleteWarning", { site: site.name })}</p>
      <label>
        {t("sites.deleteType", { id: site.id })}
        <input value={typed} autoComplete="off" onChange={(e) => setTyped(e.target.value)} />
      </label>
      <div className="form-actions">
        <button type="button" className="danger" disabled={typed !== site.id} onClick={remove}>
          {t("sites.deleteConfirm")}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t("cancel")}
        </button>
        {error && (
          <span role="alert" className="error">
            {error}
          </span>
        )}
      </div>
    </div>
  );
}
