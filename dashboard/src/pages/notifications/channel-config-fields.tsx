import { useMessages } from "../../i18n/locale.js";
import type { ChannelForm } from "./channel-form.js";
import { notificationMessages } from "./messages.js";

type Change = (patch: Partial<ChannelForm>) => void;

/** The fields of the chosen kind: a webhook's URL, an ntfy topic, or an SMTP server and addresses. */
export function ChannelConfigFields({
  form,
  onChange,
  editing,
}: {
  form: ChannelForm;
  onChange: Change;
  /** Secrets are never shown again, so when editing an empty field keeps the stored one. */
  editing: boolean;
}) {
  const t = useMessages(notificationMessages);
  const secretHint = editing ? t("field.secretKeep") : undefined;
  if (form.kind === "webhook")
    return (
      <label>
        {t("field.url")}
        <input type="url" required value={form.url} onChange={(e) => onChange({ url: e.target.value })} />
      </label>
    );
  if (form.kind === "ntfy")
    return (
      <>
        <label>
          {t("field.topicUrl")}
          <input type="url" required value={form.url} onChange={(e) => onChange({ url: e.target.value })} />
        </label>
        <label>
          {t("field.priority")}
          <select value={form.priority} onChange={(e) => onChange({ priority: e.target.value })}>
            <option value="">{t("field.priorityAuto")}</option>
            {[1, 2, 3, 4, 5].map((p) => (
              <option key={p} value={String(p)}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("field.tags")}
          <input value={form.tags} onChange={(e) => onChange({ tags: e.target.value })} />
        </label>
        <label>
          {t("field.token")}
          <input
            type="password"
            autoComplete="off"
            placeholder={secretHint}
            value={form.secret}
            onChange={(e) => onChange({ secret: e.target.value })}
          />
        </label>
      </>
    );
  return (
    <>
      <label>
        {t("field.host")}
        <input required value={form.host} onChange={(e) => onChange({ host: e.target.value })} />
      </label>
      <label>
        {t("field.port")}
        <input
          type="number"
          min={1}
          max={65535}
          required
          value={form.port}
          onChange={(e) => onChange({ port: e.target.valueAsNumber })}
        />
      </label>
      <label>
        {t("field.security")}
        <select
          value={form.security}
          onChange={(e) => onChange({ security: e.target.value as ChannelForm["security"] })}
        >
          {(["starttls", "tls", "none"] as const).map((s) => (
            <option key={s} value={s}>
              {t(`security.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("field.user")}
        <input autoComplete="off" value={form.user} onChange={(e) => onChange({ user: e.target.value })} />
      </label>
      <label>
        {t("field.password")}
        <input
          type="password"
          autoComplete="off"
          placeholder={secretHint}
          value={form.secret}
          onChange={(e) => onChange({ secret: e.target.value })}
        />
      </label>
      <label>
        {t("field.from")}
        <input type="email" required value={form.from} onChange={(e) => onChange({ from: e.target.value })} />
      </label>
      <label>
        {t("field.to")}
        <input required value={form.to} onChange={(e) => onChange({ to: e.target.value })} />
      </label>
    </>
  );
}
