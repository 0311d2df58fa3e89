import { useState } from "react";
import { RoleCameraPage } from "../../../components/role-camera-page.js";
import { useMessages } from "../../../i18n/locale.js";
import { CameraEditor } from "./camera-editor.js";
import { seatEditorMessages } from "./messages.js";
import "./seat-editor.css";

/**
 * Seat editor: pick a seat camera, then draw, move, name and delete its seat polygons on its latest
 * picture or its live view.
 */
export default function SeatEditorPage() {
  const t = useMessages(seatEditorMessages);
  // Per visit, not per camera editor: switching back to a camera does not ask it again.
  const [autoAsked] = useState(() => new Set<string>());
  return (
    <RoleCameraPage
      cameraRole="seats"
      className="seat-editor"
      title={t("title")}
      noCameras={t("noCameras")}
      cameraLabel={t("camera")}
    >
      {(camera) => <CameraEditor camera={camera} autoAsked={autoAsked} />}
    </RoleCameraPage>
  );
}
