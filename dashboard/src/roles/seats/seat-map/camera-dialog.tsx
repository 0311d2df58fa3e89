import { useEffect, useId, useRef, useState } from "react";
import { LiveCamera } from "../../../components/live-camera.js";
import { liveMessages } from "../../../components/live-messages.js";
import { SnapshotPicture } from "../../../components/snapshot-picture.js";
import { useMessages } from "../../../i18n/locale.js";
import { planMessages } from "./plan-messages.js";
import { SeatShapes } from "./seat-shapes.js";

export interface CameraDialogProps {
  site: string;
  device: string;
  camera: string;
  onClose(): void;
}

/**
 * One camera's latest picture with its seats drawn over it, and a "Live" switch for its live view.
 * The live view runs only while switched on, the dialog open and the tab in view. Focus moves into
 * the dialog; Escape or the close button closes it.
 */
export function CameraDialog({ site, device, camera, onClose }: CameraDialogProps) {
  const t = useMessages(planMessages);
  const tl = useMessages(liveMessages);
  const titleId = useId();
  const closeButton = useRef<HTMLButtonElement>(null);
  const [live, setLive] = useState(false);
  const [aspect, setAspect] = useState(16 / 9);

  useEffect(() => closeButton.current?.focus(), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onClose]);

  const shapes = (a: number) => <SeatShapes device={device} camera={camera} aspect={a} />;
  return (
    <div className="camera-dialog card" role="dialog" aria-labelledby={titleId}>
      <header>
        <h2 id={titleId}>{t("camera.title", { camera, device })}</h2>
        <div className="row">
          <button type="button" className="secondary" aria-pressed={live} onClick={() => setLive((l) => !l)}>
            {live ? tl("stop") : tl("watch")}
          </button>
          <button ref={closeButton} type="button" className="secondary" onClick={onClose}>
            {t("camera.close")}
          </button>
        </div>
      </header>
      {live ? (
        <LiveCamera address={{ site, device, camera }} alt={tl("frameAlt", { camera })} overlay={shapes} />
      ) : (
        <SnapshotPicture camera={{ device, id: camera, name: camera }} aspect={aspect} onAspect={setAspect}>
          {shapes(aspect)}
        </SnapshotPicture>
      )}
    </div>
  );
}
