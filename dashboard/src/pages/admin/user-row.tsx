import type { Role, Site, User } from "@sitewatch/hub/api-types";
import { Fragment, useState } from "react";
import { useApi } from "../../app/app-context.js";
import { useMessages } from "../../i18n/locale.js";
import { RoleAndSites } from "./user-fields.js";
import { usersMessages } from "./users-messages.js";

/** A one-time password to show once, with what it is for. */
export interface Secret {
  title: string;
  password: string;
}

/** One user: a table row with its actions, and the edit form below it when opened. */
export function UserRow({
  user,
  sites,
  siteName,
  onChanged,
  onSecret,
}: {
  user: User;
  sites: Site[];
  siteName: (id: string) => string;
  onChanged: () => void;
  onSecret: (secret: Secret) => void;
}) {
  const api = useApi();
  const t = useMessages(usersMessages);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string>();
  const path = `/api/v1/users/${encodeURIComponent(user.id)}`;
  const fail = (err: unknown) => setError(t("failed", { message: (err as Error).message }));
  const patch = (body: Record<string, unknown>) =>
    api.patch(path, body).then(() => {
      setError(undefined);
      onChanged();
    }, fail);
  const reset = () =>
    api
      .post<{ oneTimePassword: string }>(`${path}/reset-password`)
      .then(
        (r) => onSecret({ title: t("resetDone", { email: user.email }), password: r.oneTimePassword }),
        fail,
      )
      .then(onChanged);

  return (
    <Fragment>
      <tr data-user={user.email} data-disabled={String(user.disabled)}>
        <th scope="row">{user.email}</th>
        <td>{user.displayName}</td>
        <td>{t(`role.${user.role}`)}</td>
        <td>{user.role === "admin" ? t("allSites") : user.sites.map(siteName).join(", ") || "–"}</td>
        <td data-col="state">
          {user.disabled ? t("disabled") : t("active")}
          {user.mustChangePassword && <span className="muted"> · {t("mustChange")}</span>}
        </td>
        <td className="row-actions">
          <button type="button" className="secondary" onClick={() => setEditing((e) => !e)}>
            {editing ? t("close") : t("edit")}
          </button>
          <button type="button" className="secondary" onClick={reset}>
            {t("reset")}
          </button>
          <button type="button" className="secondary" onClick={() => patch({ disabled: !user.disabled })}>
            {user.disabled ? t("enable") : t("disable")}
          </button>
          {error && (
            <span role="alert" className="error">
              {error}
            </span>
          )}
        </td>
      </tr>
      {editing && (
        <tr className="row-detail">
          <td colSpan={6}>
            <UserEdit
              user={user}
              sites={sites}
              onSave={(body) => patch(body).then(() => setEditing(false))}
            />
          </td>
        </tr>
      )}
    </Fragment>
  );
}

function UserEdit({
  user,
  sites,
  onSave,
}: {
  user: User;
  sites: Site[];
  onSave: (body: { displayName: string; role: Role; sites: string[] }) => void;
}) {
  const t = useMessages(usersMessages);
  const [name, setName] = useState(user.displayName);
  const [role, setRole] = useState<Role>(user.role);
  const [chosen, setChosen] = useState(user.sites);
  return (
    <form
      className="settings-form"
      aria-label={`${t("edit")}: ${user.email}`}
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ displayName: name.trim(), role, sites: role === "admin" ? [] : chosen });
      }}
    >
      <label>
        {t("name")}
        <input value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} />
      </label>
      <RoleAndSites sites={sites} role={role} chosen={chosen} onRole={setRole} onSites={setChosen} />
      <div className="form-actions">
        <button type="submit">{t("save")}</button>
      </div>
    </form>
  );
}
