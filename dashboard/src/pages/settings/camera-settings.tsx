import type { Camera, CameraWithPush, UpdateCameraBody } from "@sitewatch/hub/api-types";
import { cameraRoles } from "@sitewatch/shared-protocol";
import { useState } from "react";
import { useApi } from "../../app/app-context.js";
import { useMessages } from "../../i18n/locale.js";
import type { LiveDevice } from "../devices/device-updates.js";
import { settingsMessages } from "./messages.js";

/** A device's cameras, one editable row each; a save pushes the new config to the device. */
export function CameraSettings({
  device,
  cameras,
  readOnly,
}: {
  device: LiveDevice;
  cameras: Camera[];
  readOnly: boolean;
}) {
  const t = useMessages(settingsMessages);
  if (cameras.length === 0) return <p className="empty">{t("cameras.none")}</p>;
  return (
    <div className="table-scroll">
      <table aria-label={t("cameras.title", { device: device.name })}>
        <thead>
          <tr>
            <th scope="col">ID</th>
            <th scope="col">{t("camera.name")}</th>
            <th scope="col">{t("camera.role")}</th>
            <th scope="col">{t("camera.enabled")}</th>
            <th scope="col">{t("camera.interval")}</th>
            {!readOnly && <th scope="col" />}
          </tr>
        </thead>
        <tbody>
          {cameras.map((c) => (
            <CameraRow key={c.id} camera={c} readOnly={readOnly} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CameraRow({ camera, readOnly }: { camera: Camera; readOnly: boolean }) {
  const api = useApi();
  const t = useMessages(settingsMessages);
  const [name, setName] = useState(camera.name);
  const [role, setRole] = useState(camera.role);
  const [enabled, setEnabled] = useState(camera.enabled);
  const [interval, setInterval] = useState(camera.sampleIntervalMs);
  const [result, setResult] = useState<{ ok: boolean; text: string }>();
  const path = `/api/v1/sites/${encodeURIComponent(camera.site)}/devices/${encodeURIComponent(
    camera.device,
  )}/cameras/${encodeURIComponent(camera.id)}`;
  const label = (what: string) => `${what}: ${camera.id}`;

  const save = () => {
    const body: UpdateCameraBody = { name: name.trim(), role, enabled, sampleIntervalMs: interval };
    api.patch<CameraWithPush>(path, body).then(
      (saved) => setResult({ ok: true, text: t("camera.push", { status: saved.push.status }) }),
      (err: unknown) => setResult({ ok: false, text: t("failed", { message: (err as Error).message }) }),
    );
  };

  return (
    <tr data-camera={camera.id}>
      <th scope="row">{camera.id}</th>
      <td>
        <input
          aria-label={label(t("camera.name"))}
          value={name}
          disabled={readOnly}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
        />
      </td>
      <td>
        <select
          aria-label={label(t("camera.role"))}
          value={role}
          disabled={readOnly}
          onChange={(e) => setRole(e.target.value as Camera["role"])}
        >
          {cameraRoles.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={label(t("camera.enabled"))}
          checked={enabled}
          disabled={readOnly}
          onChange={(e) => setEnabled(e.target.checked)}
        />
      </td>
      <td>
        <input
          type="number"
          aria-label={label(t("camera.interval"))}
          min={100}
          max={60_000}
          step={100}
          value={Number.isFinite(interval) ? interval : ""}
          disabled={readOnly}
          onChange={(e) => setInterval(e.target.valueAsNumber)}
        />
      </td>
      {!readOnly && (
        <td>
          <button type="button" onClick={save}>
            {t("save")}
          </button>{" "}
          {result && (
            <span role={result.ok ? "status" : "alert"} className={result.ok ? "muted" : "error"}>
              {result.text}
            </span>
          )}
        </td>
      )}
    </tr>
  );
}
