import type { Camera, CreatedEnrollmentToken } from "@sitewatch/hub/api-types";
import { type FormEvent, useState } from "react";
import { useApi } from "../../app/app-context.js";
import { useMessages } from "../../i18n/locale.js";
import type { LiveDevice } from "../devices/device-updates.js";
import { CopyField } from "../devices/enrollment-tokens.js";
import { devicesMessages } from "../devices/messages.js";
import { CameraSettings } from "./camera-settings.js";
import { settingsMessages } from "./messages.js";

/** The command that enrols `device` again with `token`: the same id keeps its cameras and seats. */
export function reenrollCommand(origin: string, token: string, device: string): string {
  return `edge-agent init --hub ${origin} --token ${token} --device ${device}`;
}

/**
 * One device's settings: name, status, agent version and config revision, revoke and re-enrol (the
 * one-time token and the installer's command shown once), then its cameras.
 */
export function DeviceSettings({
  device,
  cameras,
  readOnly,
  onChanged,
}: {
  device: LiveDevice;
  cameras: Camera[];
  readOnly: boolean;
  onChanged: () => void;
}) {
  const api = useApi();
  const t = useMessages(settingsMessages);
  const base = `/api/v1/sites/${encodeURIComponent(device.site)}/devices/${encodeURIComponent(device.id)}`;
  const [name, setName] = useState(device.name);
  const [confirming, setConfirming] = useState(false);
  const [token, setToken] = useState<string>();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const status = device.status === "revoked" ? "revoked" : device.online ? "online" : "offline";

  const run = (action: Promise<unknown>, after?: (value: unknown) => void) =>
    action.then(
      (value) => {
        setMessage({ ok: true, text: t("saved") });
        after?.(value);
        onChanged();
      },
      (err: unknown) => setMessage({ ok: false, text: t("failed", { message: (err as Error).message }) }),
    );
  const rename = (e: FormEvent) => {
    e.preventDefault();
    run(api.patch(base, { name: name.trim() }));
  };
  const revoke = () => {
    setConfirming(false);
    run(api.post(`${base}/revoke`));
  };
  const reenroll = () =>
    run(api.post<CreatedEnrollmentToken>(`${base}/re-enroll`), (v) =>
      setToken((v as CreatedEnrollmentToken).token),
    );

  return (
    <article className="card device-settings" data-device={device.id} aria-label={device.name}>
      <form className="inline-form" onSubmit={rename}>
        <label>
          {t("device.name")}
          <input
            value={name}
            required
            maxLength={200}
            disabled={readOnly}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        {!readOnly && <button type="submit">{t("device.rename")}</button>}
        <span className="device-id">{device.id}</span>
      </form>
      <dl className="device-facts">
        <Fact label={t("device.status")} value={t(`device.${status}`)} name="status" />
        <Fact label={t("device.agent")} value={device.agentVersion ?? "–"} name="agent" />
        <Fact label={t("device.revision")} value={String(device.configRevision)} name="revision" />
      </dl>
      {!readOnly && (
        <div className="form-actions">
          {confirming ? (
            <>
              <span className="warning">{t("device.revokeConfirm", { device: device.name })}</span>
              <button type="button" className="danger" onClick={revoke}>
                {t("device.revoke")}
              </button>
              <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                ✕
              </button>
            </>
          ) : (
            device.status !== "revoked" && (
              <button type="button" className="secondary" onClick={() => setConfirming(true)}>
                {t("device.revoke")}
              </button>
            )
          )}
          <button type="button" className="secondary" onClick={reenroll}>
            {t("device.reenroll")}
          </button>
        </div>
      )}
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "muted" : "error"}>
          {message.text}
        </p>
      )}
      {token && <ReenrollToken token={token} device={device} />}
      <CameraSettings device={device} cameras={cameras} readOnly={readOnly} />
    </article>
  );
}

function Fact({ label, value, name }: { label: string; value: string; name: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-fact={name}>{value}</dd>
    </div>
  );
}

function ReenrollToken({ token, device }: { token: string; device: LiveDevice }) {
  const t = useMessages(settingsMessages);
  const d = useMessages(devicesMessages);
  return (
    <div className="created-token" data-reenroll={device.id}>
      <p>{t("device.reenrollIntro", { device: device.name })}</p>
      <p className="warning">{d("tokens.once")}</p>
      <CopyField label={d("tokens.token")} value={token} name="token" />
      <CopyField
        label={d("tokens.command")}
        value={reenrollCommand(globalThis.location.origin, token, device.id)}
        name="command"
      />
    </div>
  );
}
