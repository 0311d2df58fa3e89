import type { Role, Site } from "@sitewatch/hub/api-types";
import { useMessages } from "../../i18n/locale.js";
import { usersMessages } from "./users-messages.js";

/** Role, and for a site manager the sites they may see: shared by the invite form and a user's edit row. */
export function RoleAndSites({
  sites,
  role,
  chosen,
  onRole,
  onSites,
}: {
  sites: Site[];
  role: Role;
  chosen: string[];
  onRole: (role: Role) => void;
  onSites: (sites: string[]) => void;
}) {
  const t = useMessages(usersMessages);
  const toggle = (id: string, on: boolean) =>
    onSites(on ? [...new Set([...chosen, id])] : chosen.filter((s) => s !== id));
  return (
    <>
      <label>
        {t("role")}
        <select value={role} onChange={(e) => onRole(e.target.value as Role)}>
          <option value="site_manager">{t("role.site_manager")}</option>
          <option value="admin">{t("role.admin")}</option>
        </select>
      </label>
      {role === "site_manager" && (
        <fieldset className="site-choice">
          <legend>{t("sites")}</legend>
          <span className="muted">{t("sitesHint")}</span>
          {sites.map((s) => (
            <label key={s.id} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(s.id)}
                onChange={(e) => toggle(s.id, e.target.checked)}
              />
              {s.name}
            </label>
          ))}
        </fieldset>
      )}
    </>
  );
}
