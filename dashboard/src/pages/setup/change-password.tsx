import type { Session } from "@sitewatch/hub/api-types";
import { type FormEvent, useState } from "react";
import { useApi, useServices } from "../../app/app-context.js";
import { useFormRequest } from "../../components/use-form-request.js";
import { useMessages } from "../../i18n/locale.js";
import { setupMessages } from "./messages.js";

/**
 * Shown instead of everything else while the account has a one-time password (the printed initial
 * admin password, an invitation, a reset). The hub answers with a fresh session, which ends the screen.
 */
export function ChangePassword() {
  const api = useApi();
  const { sessions } = useServices();
  const t = useMessages(setupMessages);
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const { busy, error, setError, run } = useFormRequest((message) => t("password.failed", { message }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (next.length < 8) return setError(t("password.short"));
    if (next !== repeat) return setError(t("password.mismatch"));
    run(
      () => api.post<Session>("/api/v1/auth/password", { currentPassword: current, newPassword: next }),
      (session) => sessions.set(session),
    );
  };

  const field = (label: string, value: string, set: (v: string) => void, autoComplete: string) => (
    <label>
      {label}
      <input
        type="password"
        required
        autoComplete={autoComplete}
        value={value}
        onChange={(e) => set(e.target.value)}
      />
    </label>
  );
  return (
    <main className="login">
      <form className="card login-card" onSubmit={submit} aria-labelledby="password-title">
        <h1 id="password-title">{t("password.title")}</h1>
        <p className="muted">{t("password.intro")}</p>
        {field(t("password.current"), current, setCurrent, "current-password")}
        {field(t("password.new"), next, setNext, "new-password")}
        {field(t("password.repeat"), repeat, setRepeat, "new-password")}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t("password.submit")}
        </button>
      </form>
    </main>
  );
}
