import { RoleCameraPage } from "../../../components/role-camera-page.js";
import { useMessages } from "../../../i18n/locale.js";
import { CameraEditor } from "./camera-editor.js";
import { seatEditorMessages } from "./messages.js";
import "./seat-editor.css";

/** Seat editor: pick a seat camera, then draw, move, name and delete its seat polygons. */
export default function SeatEditorPage() {
  const t = useMessages(seatEditorMessages);
  return (
    <RoleCameraPage
      cameraRole="seats"
      className="seat-editor"
      title={t("title")}
      noCameras={t("noCameras")}
      cameraLabel={t("camera")}
    >
      {(camera) => <CameraEditor camera={camera} />}
    </RoleCameraPage>
  );
}
