import type { CameraList } from "@sitewatch/hub/api-types";
import { useApi, useSession, useSite } from "../../app/app-context.js";
import { LoadState } from "../../app/load-state.js";
import { useResource } from "../../app/use-resource.js";
import { useMessages } from "../../i18n/locale.js";
import { useDevices } from "../devices/use-devices.js";
import { DeviceSettings } from "./device-settings.js";
import { settingsMessages } from "./messages.js";
import { SiteSettingsForm } from "./site-settings-form.js";
import "../devices/devices.css";

/**
 * A site's settings: the site itself, its devices and their cameras. Admins edit; a site manager sees
 * the same page read-only (the hub refuses their writes anyway).
 */
export default function SettingsPage() {
  const { site, reload } = useSite();
  const session = useSession();
  const t = useMessages(settingsMessages);
  const readOnly = session?.user.role !== "admin";
  return (
    <div className="settings-page" key={site.id}>
      <h1>{t("title")}</h1>
      {readOnly && <p className="notice">{t("readOnly")}</p>}
      <section className="card" aria-labelledby="site-settings">
        <h2 id="site-settings">{t("site.title")}</h2>
        <SiteSettingsForm site={site} readOnly={readOnly} onSaved={() => reload?.()} />
      </section>
      <SiteDevices site={site.id} readOnly={readOnly} />
    </div>
  );
}

function SiteDevices({ site, readOnly }: { site: string; readOnly: boolean }) {
  const api = useApi();
  const t = useMessages(settingsMessages);
  const devices = useDevices(site);
  const path = `/api/v1/sites/${encodeURIComponent(site)}/cameras`;
  const cameras = useResource(() => api.get<CameraList>(path).then((r) => r.cameras), [api, path]);
  return (
    <section className="settings-devices" aria-labelledby="device-settings">
      <h2 id="device-settings">{t("devices.title")}</h2>
      {!devices.data ? (
        <LoadState resource={devices} />
      ) : devices.data.length === 0 ? (
        <p className="empty">{t("devices.none")}</p>
      ) : (
        devices.data.map((d) => (
          <DeviceSettings
            key={d.id}
            device={d}
            cameras={(cameras.data ?? []).filter((c) => c.device === d.id)}
            readOnly={readOnly}
            onChanged={devices.reload}
          />
        ))
      )}
    </section>
  );
}
