import type { CreateUserBody, Role, Site, User } from "@sitewatch/hub/api-types";
import { type FormEvent, useState } from "react";
import { useApi } from "../../app/app-context.js";
import { useFormRequest } from "../../components/use-form-request.js";
import { useMessages } from "../../i18n/locale.js";
import { RoleAndSites } from "./user-fields.js";
import { usersMessages } from "./users-messages.js";

/** What an invitation returns: the user and the one-time password the hub made for them. */
export type Invited = User & { oneTimePassword?: string };

/** Invites a user without a password: the hub makes a one-time one, which the page shows once. */
export function UserInviteForm({ sites, onInvited }: { sites: Site[]; onInvited: (user: Invited) => void }) {
  const api = useApi();
  const t = useMessages(usersMessages);
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("site_manager");
  const [chosen, setChosen] = useState<string[]>([]);
  const { busy, error, run } = useFormRequest((message) => t("failed", { message }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: CreateUserBody = {
      email: email.trim(),
      role,
      sites: role === "admin" ? [] : chosen,
      ...(name.trim() ? { displayName: name.trim() } : {}),
    };
    run(
      () => api.post<Invited>("/api/v1/users", body),
      (user) => {
        setEmail("");
        setName("");
        setChosen([]);
        onInvited(user);
      },
    );
  };

  return (
    <form className="settings-form" onSubmit={submit} aria-label={t("invite")}>
      <label>
        {t("email")}
        <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        {t("name")}
        <input value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
      </label>
      <RoleAndSites sites={sites} role={role} chosen={chosen} onRole={setRole} onSites={setChosen} />
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {t("invite")}
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
