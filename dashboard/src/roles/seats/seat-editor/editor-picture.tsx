import type { Camera } from "@sitewatch/hub/api-types";
import { type ReactNode, useState } from "react";
import { useSite } from "../../../app/app-context.js";
import { LiveCamera } from "../../../components/live-camera.js";
import { liveMessages } from "../../../components/live-messages.js";
import { SnapshotPicture } from "../../../components/snapshot-picture.js";
import { useMessages } from "../../../i18n/locale.js";

export interface EditorPictureProps {
  camera: Camera;
  aspect: number;
  onAspect(aspect: number): void;
  /** Cameras already asked for a picture on this visit of the editor. */
  autoAsked: Set<string>;
  /** The seat overlay, drawn over the still picture or the live one alike. */
  children: ReactNode;
}

/**
 * What the seats are drawn on: the camera's latest picture (asked for by itself when there is none),
 * or, with "Live" on, the camera's live frames, so polygons can be checked against people moving.
 * Live runs only while switched on and the tab is in view.
 */
export function EditorPicture({ camera, aspect, onAspect, autoAsked, children }: EditorPictureProps) {
  const { site } = useSite();
  const t = useMessages(liveMessages);
  const [live, setLive] = useState(false);
  return (
    <div className="editor-picture">
      <div className="picture-mode">
        <button type="button" className="secondary" aria-pressed={live} onClick={() => setLive((l) => !l)}>
          {live ? t("stop") : t("watch")}
        </button>
      </div>
      {live ? (
        <LiveCamera
          address={{ site: site.id, device: camera.device, camera: camera.id }}
          alt={t("frameAlt", { camera: camera.name })}
          onAspect={onAspect}
          overlay={() => children}
        />
      ) : (
        <SnapshotPicture camera={camera} aspect={aspect} onAspect={onAspect} autoRequest={autoAsked}>
          {children}
        </SnapshotPicture>
      )}
    </div>
  );
}
