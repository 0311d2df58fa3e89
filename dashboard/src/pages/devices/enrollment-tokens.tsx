import type { CreatedEnrollmentToken, EnrollmentToken } from "@sitewatch/hub/api-types";
import { type FormEvent, useState } from "react";
import { useApi, useSession } from "../../app/app-context.js";
import { LoadState } from "../../app/load-state.js";
import { useResource } from "../../app/use-resource.js";
import { useFormRequest } from "../../components/use-form-request.js";
import { formatTime } from "../../i18n/format.js";
import { useLocale, useMessages } from "../../i18n/locale.js";
import { devicesMessages } from "./messages.js";

const VALIDITY_S = [3_600, 86_400, 7 * 86_400] as const;

/** Installers' tokens (admins only): the list, and a form whose result shows the secret once. */
export function EnrollmentTokens({ site }: { site: string }) {
  const t = useMessages(devicesMessages);
  const session = useSession();
  const admin = session?.user.role === "admin";
  return (
    <section className="tokens card" aria-labelledby="enrollment-tokens">
      <h2 id="enrollment-tokens">{t("tokens.title")}</h2>
      <p className="muted">{t("tokens.intro")}</p>
      {admin ? <TokenManager site={site} /> : <p className="empty">{t("tokens.adminOnly")}</p>}
    </section>
  );
}

function TokenManager({ site }: { site: string }) {
  const api = useApi();
  const t = useMessages(devicesMessages);
  const { locale } = useLocale();
  const path = `/api/v1/sites/${encodeURIComponent(site)}/enrollment-tokens`;
  const tokens = useResource(
    () => api.get<{ tokens: EnrollmentToken[] }>(path).then((r) => r.tokens),
    [api, path],
  );
  const [note, setNote] = useState("");
  const [validity, setValidity] = useState<number>(86_400);
  const { busy, error, run } = useFormRequest((message) => t("tokens.failed", { message }));
  const [created, setCreated] = useState<CreatedEnrollmentToken>();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { expiresInS: validity, ...(note.trim() ? { note: note.trim() } : {}) };
    run(
      () => api.post<CreatedEnrollmentToken>(path, body),
      (token) => {
        setCreated(token);
        setNote("");
        tokens.reload();
      },
    );
  };

  return (
    <>
      <form className="token-form" onSubmit={submit}>
        <label>
          {t("tokens.note")}
          <input value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} />
        </label>
        <label>
          {t("tokens.validity")}
          <select value={validity} onChange={(e) => setValidity(Number(e.target.value))}>
            {VALIDITY_S.map((s) => (
              <option key={s} value={s}>
                {s < 86_400 * 2
                  ? t("tokens.hours", { count: s / 3_600 })
                  : t("tokens.days", { count: s / 86_400 })}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy}>
          {t("tokens.create")}
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {created && <CreatedToken token={created.token} />}
      {!tokens.data ? (
        <LoadState resource={tokens} />
      ) : tokens.data.length === 0 ? (
        <p className="empty">{t("tokens.none")}</p>
      ) : (
        <div className="table-scroll">
          <table aria-label={t("tokens.title")}>
            <thead>
              <tr>
                <th scope="col">{t("col.note")}</th>
                <th scope="col">{t("col.tokenState")}</th>
                <th scope="col">{t("col.expires")}</th>
                <th scope="col">{t("col.usedBy")}</th>
                <th scope="col">{t("col.created")}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((tok) => (
                <tr key={tok.id} data-token={tok.id} data-state={tok.state}>
                  <td>{tok.note ?? "–"}</td>
                  <td>{t(`tokenState.${tok.state}`)}</td>
                  <td>{formatTime(tok.expiresAt, locale, true)}</td>
                  <td>{tok.usedByDevice ?? "–"}</td>
                  <td>{formatTime(tok.createdAt, locale, true)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** The secret and the installer's command line, each with a copy button; gone after a reload. */
function CreatedToken({ token }: { token: string }) {
  const t = useMessages(devicesMessages);
  const command = `edge-agent init --hub ${globalThis.location.origin} --token ${token}`;
  return (
    <div className="created-token" role="status">
      <h3>{t("tokens.created")}</h3>
      <p className="warning">{t("tokens.once")}</p>
      <CopyField label={t("tokens.token")} value={token} name="token" />
      <CopyField label={t("tokens.command")} value={command} name="command" />
    </div>
  );
}

export function CopyField({ label, value, name }: { label: string; value: string; name: string }) {
  const t = useMessages(devicesMessages);
  const [copied, setCopied] = useState<"yes" | "failed">();
  const copy = () => {
    const clipboard = globalThis.navigator?.clipboard;
    if (!clipboard) return setCopied("failed");
    clipboard.writeText(value).then(
      () => setCopied("yes"),
      () => setCopied("failed"),
    );
  };
  return (
    <div className="copy-field">
      <span className="copy-label">{label}</span>
      <code data-copy={name}>{value}</code>
      <button type="button" className="secondary" onClick={copy} aria-label={`${t("tokens.copy")}: ${label}`}>
        {copied === "yes" ? t("tokens.copied") : t("tokens.copy")}
      </button>
      {copied === "failed" && <span className="error">{t("tokens.copyFailed")}</span>}
    </div>
  );
}
