import type { ApiToken, CreateApiTokenBody, CreatedApiToken } from "@sitewatch/hub/api-types";
import { type FormEvent, useState } from "react";
import { useApi } from "../../app/app-context.js";
import { LoadState } from "../../app/load-state.js";
import { useResource } from "../../app/use-resource.js";
import { formatTime } from "../../i18n/format.js";
import { useLocale, useMessages } from "../../i18n/locale.js";
import { OneTimeSecret } from "./one-time-secret.js";
import { tokensMessages } from "./tokens-messages.js";

const EXPIRY_DAYS = [0, 30, 90, 365] as const;

function stateOf(token: ApiToken, now: number): "active" | "revoked" | "expired" {
  if (token.revokedAt) return "revoked";
  return token.expiresAt && Date.parse(token.expiresAt) <= now ? "expired" : "active";
}

/** The admin's API tokens: create with a scope and expiry (the secret shown once), and revoke. */
export function TokensAdmin() {
  const api = useApi();
  const t = useMessages(tokensMessages);
  const { locale } = useLocale();
  const tokens = useResource(
    () => api.get<{ tokens: ApiToken[] }>("/api/v1/tokens").then((r) => r.tokens),
    [api],
  );
  const [name, setName] = useState("");
  const [scope, setScope] = useState<"read" | "admin">("read");
  const [days, setDays] = useState<number>(90);
  const [created, setCreated] = useState<CreatedApiToken>();
  const [error, setError] = useState<string>();
  const fail = (err: unknown) => setError(t("failed", { message: (err as Error).message }));
  const when = (at: string | null) => (at ? formatTime(at, locale, true) : "–");

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const body: CreateApiTokenBody = { name: name.trim(), scope, ...(days ? { expiresInDays: days } : {}) };
    api.post<CreatedApiToken>("/api/v1/tokens", body).then((token) => {
      setCreated(token);
      setName("");
      tokens.reload();
    }, fail);
  };
  const revoke = (id: string) =>
    api.delete(`/api/v1/tokens/${encodeURIComponent(id)}`).then(tokens.reload, fail);

  return (
    <section className="admin-section" aria-labelledby="admin-tokens">
      <h2 id="admin-tokens">{t("title")}</h2>
      <p className="muted">{t("intro")}</p>
      <form className="token-form" onSubmit={submit} aria-label={t("create")}>
        <label>
          {t("name")}
          <input value={name} required maxLength={100} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t("scope")}
          <select value={scope} onChange={(e) => setScope(e.target.value as "read" | "admin")}>
            <option value="read">{t("scope.read")}</option>
            <option value="admin">{t("scope.admin")}</option>
          </select>
        </label>
        <label>
          {t("expiry")}
          <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {EXPIRY_DAYS.map((d) => (
              <option key={d} value={d}>
                {d === 0 ? t("never") : t("days", { count: d })}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("create")}</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {created && (
        <OneTimeSecret
          title={t("newToken", { name: created.name })}
          hint={t("usage")}
          label={t("secret")}
          value={created.token}
          name="api-token"
          onDismiss={() => setCreated(undefined)}
        />
      )}
      {!tokens.data ? (
        <LoadState resource={tokens} />
      ) : tokens.data.length === 0 ? (
        <p className="empty">{t("none")}</p>
      ) : (
        <div className="table-scroll">
          <table aria-label={t("title")}>
            <thead>
              <tr>
                <th scope="col">{t("name")}</th>
                <th scope="col">{t("scope")}</th>
                <th scope="col">{t("created")}</th>
                <th scope="col">{t("lastUsed")}</th>
                <th scope="col">{t("expires")}</th>
                <th scope="col">{t("state")}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((tok) => {
                const state = stateOf(tok, Date.now());
                return (
                  <tr key={tok.id} data-api-token={tok.name} data-state={state}>
                    <th scope="row">{tok.name}</th>
                    <td>{t(`scope.${tok.scope}`)}</td>
                    <td>{when(tok.createdAt)}</td>
                    <td>{when(tok.lastUsedAt)}</td>
                    <td>{tok.expiresAt ? when(tok.expiresAt) : t("never")}</td>
                    <td>{t(state)}</td>
                    <td>
                      {state !== "revoked" && (
                        <button type="button" className="secondary" onClick={() => revoke(tok.id)}>
                          {t("revoke")}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
