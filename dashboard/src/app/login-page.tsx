import { type FormEvent, useState } from "react";
import { ApiRequestError } from "../api/api-client.js";
import { useMessages } from "../i18n/locale.js";
import { useApi } from "./app-context.js";
import { appMessages } from "./app-messages.js";

/** `signedOut`: why the hub ended the previous login (user disabled, token revoked), if it did. */
export function LoginPage({ signedOut }: { signedOut?: string }) {
  const api = useApi();
  const t = useMessages(appMessages);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.login(email.trim(), password);
    } catch (err) {
      setError(err instanceof ApiRequestError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{t("login.title")}</h1>
        {signedOut && (
          <p role="status" className="notice" data-signed-out>
            {t("login.signedOut", { message: signedOut })}
          </p>
        )}
        <label>
          {t("login.email")}
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          {t("login.password")}
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {t("login.failed", { message: error })}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t("login.submit")}
        </button>
      </form>
    </main>
  );
}
