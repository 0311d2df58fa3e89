import type { NotificationChannel, WrittenNotificationChannel } from "@sitewatch/hub/api-types";
import { type FormEvent, useState } from "react";
import { useApi } from "../../app/app-context.js";
import { useMessages } from "../../i18n/locale.js";
import { ChannelConfigFields } from "./channel-config-fields.js";
import {
  ALERT_EVENTS,
  ALERT_KINDS,
  type ChannelForm,
  type ChannelKind,
  createBody,
  emptyForm,
  formOf,
  patchBody,
} from "./channel-form.js";
import { notificationMessages } from "./messages.js";

function toggle<T>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? [...new Set([...list, item])] : list.filter((x) => x !== item);
}

/**
 * Creates a channel (`channel` absent) or edits one: its address, which alert kinds and events it
 * gets, and its quiet hours. Saves with one POST or PATCH and hands the hub's answer to `onSaved`.
 */
export function ChannelEditor({
  site,
  channel,
  onSaved,
  onCancel,
}: {
  site: string;
  channel?: NotificationChannel;
  onSaved: (written: WrittenNotificationChannel) => void;
  onCancel: () => void;
}) {
  const api = useApi();
  const t = useMessages(notificationMessages);
  const [form, setForm] = useState<ChannelForm>(() => (channel ? formOf(channel) : emptyForm()));
  const [state, setState] = useState<{ busy?: boolean; error?: string }>({});
  const change = (patch: Partial<ChannelForm>) => setForm((f) => ({ ...f, ...patch }));
  const base = `/api/v1/sites/${encodeURIComponent(site)}/notification-channels`;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setState({ busy: true });
    const saved = channel
      ? api.patch<WrittenNotificationChannel>(`${base}/${channel.id}`, patchBody(form))
      : api.post<WrittenNotificationChannel>(base, createBody(form));
    saved.then(onSaved, (err: unknown) =>
      setState({ error: t("failed", { message: (err as Error).message }) }),
    );
  };

  return (
    <form className="settings-form" onSubmit={submit} data-channel-editor={channel?.id ?? "new"}>
      {!channel && (
        <label>
          {t("field.kind")}
          <select value={form.kind} onChange={(e) => change({ kind: e.target.value as ChannelKind })}>
            {(["webhook", "ntfy", "email"] as const).map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t("field.name")}
        <input
          required
          maxLength={100}
          value={form.name}
          onChange={(e) => change({ name: e.target.value })}
        />
      </label>
      <ChannelConfigFields form={form} onChange={change} editing={Boolean(channel)} />
      <label className="check">
        <input
          type="checkbox"
          checked={form.enabled}
          onChange={(e) => change({ enabled: e.target.checked })}
        />
        {t("field.enabled")}
      </label>
      <fieldset className="site-choice">
        <legend>{t("field.kinds")}</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={form.allKinds}
            onChange={(e) => change({ allKinds: e.target.checked })}
          />
          {t("field.allKinds")}
        </label>
        {!form.allKinds &&
          ALERT_KINDS.map((kind) => (
            <label key={kind} className="check">
              <input
                type="checkbox"
                checked={form.kinds.includes(kind)}
                onChange={(e) => change({ kinds: toggle(form.kinds, kind, e.target.checked) })}
              />
              {kind}
            </label>
          ))}
      </fieldset>
      <fieldset className="site-choice">
        <legend>{t("field.events")}</legend>
        {ALERT_EVENTS.map((event) => (
          <label key={event} className="check">
            <input
              type="checkbox"
              checked={form.events.includes(event)}
              onChange={(e) => change({ events: toggle(form.events, event, e.target.checked) })}
            />
            {t(`event.${event}`)}
          </label>
        ))}
      </fieldset>
      <fieldset className="site-choice">
        <legend>{t("field.quiet")}</legend>
        <label className="check">
          <input type="checkbox" checked={form.quiet} onChange={(e) => change({ quiet: e.target.checked })} />
          {t("field.quietOn")}
        </label>
        {form.quiet && (
          <>
            <label>
              {t("field.quietStart")}
              <input
                type="time"
                required
                value={form.quietStart}
                onChange={(e) => change({ quietStart: e.target.value })}
              />
            </label>
            <label>
              {t("field.quietEnd")}
              <input
                type="time"
                required
                value={form.quietEnd}
                onChange={(e) => change({ quietEnd: e.target.value })}
              />
            </label>
          </>
        )}
        <p className="muted">{t("quietHint")}</p>
      </fieldset>
      <div className="form-actions">
        <button type="submit" disabled={state.busy}>
          {t("save")}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t("cancel")}
        </button>
        {state.error && (
          <span role="alert" className="error">
            {state.error}
          </span>
        )}
      </div>
    </form>
  );
}
