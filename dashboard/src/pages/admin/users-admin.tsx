import type { SiteList, UserList } from "@sitewatch/hub/api-types";
import { useState } from "react";
import { useApi } from "../../app/app-context.js";
import { LoadState } from "../../app/load-state.js";
import { useResource } from "../../app/use-resource.js";
import { useMessages } from "../../i18n/locale.js";
import { OneTimeSecret } from "./one-time-secret.js";
import { UserInviteForm } from "./user-invite-form.js";
import { type Secret, UserRow } from "./user-row.js";
import { usersMessages } from "./users-messages.js";

/** Every user: invite (one-time password shown once), edit role and sites, reset, disable. */
export function UsersAdmin() {
  const api = useApi();
  const t = useMessages(usersMessages);
  const users = useResource(() => api.get<UserList>("/api/v1/users").then((r) => r.users), [api]);
  const sites = useResource(() => api.get<SiteList>("/api/v1/sites").then((r) => r.sites), [api]);
  const [secret, setSecret] = useState<Secret>();
  const siteList = sites.data ?? [];
  const siteName = (id: string) => siteList.find((s) => s.id === id)?.name ?? id;

  return (
    <section className="admin-section" aria-labelledby="admin-users">
      <h2 id="admin-users">{t("title")}</h2>
      {secret && (
        <OneTimeSecret
          title={secret.title}
          hint={t("oneTimeHint")}
          label={t("oneTime")}
          value={secret.password}
          name="password"
          onDismiss={() => setSecret(undefined)}
        />
      )}
      {!users.data ? (
        <LoadState resource={users} />
      ) : users.data.length === 0 ? (
        <p className="empty">{t("none")}</p>
      ) : (
        <div className="table-scroll">
          <table aria-label={t("title")}>
            <thead>
              <tr>
                <th scope="col">{t("email")}</th>
                <th scope="col">{t("name")}</th>
                <th scope="col">{t("role")}</th>
                <th scope="col">{t("sites")}</th>
                <th scope="col">{t("state")}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <UserRow
                  key={u.id}
                  user={u}
                  sites={siteList}
                  siteName={siteName}
                  onChanged={users.reload}
                  onSecret={setSecret}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="card">
        <h3>{t("invite")}</h3>
        <UserInviteForm
          sites={siteList}
          onInvited={(user) => {
            users.reload();
            if (user.oneTimePassword)
              setSecret({ title: t("invited", { email: user.email }), password: user.oneTimePassword });
          }}
        />
      </div>
    </section>
  );
}
