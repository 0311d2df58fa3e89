import type { AttentionSettings } from "@sitewatch/hub/api-types";
import { useApi, useSite } from "../../../app/app-context.js";
import { LoadState } from "../../../app/load-state.js";
import { useResource } from "../../../app/use-resource.js";
import { useMessages } from "../../../i18n/locale.js";
import { attentionSettingsMessages } from "./messages.js";
import { settingsPath } from "./save-attention-settings.js";
import { ThresholdsForm } from "./thresholds-form.js";
import "./attention-settings.css";

/**
 * Per-site thresholds of the attention analysis, for admins and the site's managers (the only roles
 * the dashboard signs in): each threshold with the value in effect, this site's override and a reset.
 */
export default function AttentionSettingsPage() {
  const api = useApi();
  const { site } = useSite();
  const t = useMessages(attentionSettingsMessages);
  const settings = useResource(() => api.get<AttentionSettings>(settingsPath(site.id)), [api, site.id]);
  return (
    <section className="attention-settings" aria-labelledby="attention-settings-title">
      <h1 id="attention-settings-title">{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      {settings.data ? (
        <ThresholdsForm
          key={site.id}
          api={api}
          site={site.id}
          settings={settings.data}
          onSaved={(saved) => settings.mutate(() => saved)}
        />
      ) : (
        <LoadState resource={settings} />
      )}
    </section>
  );
}
