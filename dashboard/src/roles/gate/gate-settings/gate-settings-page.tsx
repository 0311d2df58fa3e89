import type { CameraList } from "@sitewatch/hub/api-types";
import { useState } from "react";
import { useApi, useSite } from "../../../app/app-context.js";
import { LoadState } from "../../../app/load-state.js";
import { useResource } from "../../../app/use-resource.js";
import { useMessages } from "../../../i18n/locale.js";
import { gateSettingsMessages } from "./messages.js";
import type { GateCameraView } from "./save-gate-settings.js";
import { SettingsEditor } from "./settings-editor.js";
import "./gate-settings.css";

const keyOf = (c: GateCameraView) => `${c.device}/${c.id}`;

/**
 * Gate camera settings: pick a gate camera, then draw its zone and direction line on its picture and set
 * how it detects and tracks vehicles. Saving stores them at the hub, which pushes them to the device.
 */
export default function GateSettingsPage() {
  const api = useApi();
  const { site } = useSite();
  const t = useMessages(gateSettingsMessages);
  const cameras = useResource(() => api.get<CameraList>(`/api/v1/sites/${site.id}/cameras`), [api, site.id]);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  // Gate settings exist only for gate cameras (the hub refuses them on any other role).
  const list: GateCameraView[] = cameras.data?.cameras.filter((c) => c.role === "gate") ?? [];
  const camera = list.find((c) => keyOf(c) === chosen) ?? list[0];
  return (
    <section className="gate-settings" aria-labelledby="gate-settings-title">
      <h1 id="gate-settings-title">{t("title")}</h1>
      {!cameras.data ? (
        <LoadState resource={cameras} />
      ) : !camera ? (
        <p className="empty">{t("noCameras")}</p>
      ) : (
        <>
          <label className="camera-picker">
            {t("camera")}
            <select value={keyOf(camera)} onChange={(e) => setChosen(e.target.value)}>
              {list.map((c) => (
                <option key={keyOf(c)} value={keyOf(c)}>
                  {c.device} / {c.name} ({c.id})
                </option>
              ))}
            </select>
          </label>
          {/* Keyed: another camera starts a fresh form instead of carrying over unsaved edits. */}
          <SettingsEditor key={keyOf(camera)} camera={camera} />
        </>
      )}
    </section>
  );
}
