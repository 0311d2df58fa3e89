import type { Camera } from "@sitewatch/hub/api-types";
import type { ReactNode } from "react";
import { useSite } from "../app/app-context.js";
import { useMessages } from "../i18n/locale.js";
import { snapshotMessages } from "./messages.js";
import { useSnapshot } from "./use-snapshot.js";
import "./snapshot-picture.css";

export interface SnapshotPictureProps {
  camera: Pick<Camera, "device" | "id" | "name">;
  aspect: number;
  /** Cameras already asked for a picture this visit; given, a camera without one is asked by itself. */
  autoRequest?: Set<string>;
  onAspect(aspect: number): void;
  /** The overlay, laid exactly over the picture. */
  children: ReactNode;
}

/**
 * The camera's latest picture with an editing overlay on top (seats, a gate's zone). Without a picture
 * the frame stays (shapes can still be edited on a blank frame) and says so, next to the button that
 * asks the device for one.
 */
export function SnapshotPicture({ camera, aspect, onAspect, autoRequest, children }: SnapshotPictureProps) {
  const { site } = useSite();
  const t = useMessages(snapshotMessages);
  const { snapshot, requested, request } = useSnapshot(site.id, camera.device, camera.id, autoRequest);
  return (
    <div className="snapshot">
      <div className="snapshot-frame" style={{ aspectRatio: String(aspect) }}>
        {snapshot.state === "ready" ? (
          <img
            src={snapshot.url}
            alt={t("snapshotAlt", { camera: camera.name })}
            onLoad={(e) => {
              const img = e.currentTarget;
              if (img.naturalWidth && img.naturalHeight) onAspect(img.naturalWidth / img.naturalHeight);
            }}
          />
        ) : (
          <div className="snapshot-placeholder">
            <p>
              {snapshot.state === "loading"
                ? t("snapshotLoading")
                : snapshot.state === "error"
                  ? snapshot.message
                  : requested && !requested.error
                    ? t("snapshotRequesting")
                    : t("snapshotNone")}
            </p>
          </div>
        )}
        {children}
      </div>
      <div className="snapshot-actions">
        <button type="button" className="secondary" onClick={() => void request()}>
          {t("snapshotRequest")}
        </button>
        <span role="status">
          {requested &&
            (requested.error
              ? t("snapshotFailed", { message: requested.error })
              : requested.auto
                ? t("snapshotAutoRequested", { device: camera.device })
                : t("snapshotRequested", { device: camera.device }))}
        </span>
      </div>
    </div>
  );
}
