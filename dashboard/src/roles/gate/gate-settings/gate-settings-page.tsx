import { RoleCameraPage } from "../../../components/role-camera-page.js";
import { useMessages } from "../../../i18n/locale.js";
import { gateSettingsMessages } from "./messages.js";
import type { GateCameraView } from "./save-gate-settings.js";
import { SettingsEditor } from "./settings-editor.js";
import "./gate-settings.css";

/**
 * Gate camera settings: pick a gate camera, then draw its zone and direction line on its picture and set
 * how it detects and tracks vehicles. Saving stores them at the hub, which pushes them to the device.
 */
export default function GateSettingsPage() {
  const t = useMessages(gateSettingsMessages);
  return (
    <RoleCameraPage<GateCameraView>
      cameraRole="gate"
      className="gate-settings"
      title={t("title")}
      noCameras={t("noCameras")}
      cameraLabel={t("camera")}
    >
      {(camera) => <SettingsEditor camera={camera} />}
    </RoleCameraPage>
  );
}
