import type { CameraAddress } from "@sitewatch/shared-protocol";
import { type ReactNode, useEffect } from "react";
import { LivePicture } from "./live-picture.js";
import { LiveStatus } from "./live-status.js";
import { useLiveWatch, usePageVisible } from "./use-live-watch.js";

export interface LiveCameraProps {
  address: CameraAddress;
  alt: string;
  /** Drawn over each frame; gets the frame's width ÷ height so shapes land where they belong. */
  overlay?: (aspect: number) => ReactNode;
  /** Told the frame's aspect, e.g. so an editor's overlay keeps its points in place. */
  onAspect?: (aspect: number) => void;
}

/**
 * Any camera live, with an overlay on top. It watches while mounted and the tab is in view, so the
 * device streams only while somebody looks: unmount it (a "Live" toggle off, the page left) to stop.
 */
export function LiveCamera({ address, alt, overlay, onAspect }: LiveCameraProps) {
  const visible = usePageVisible();
  const watch = useLiveWatch(address, visible);
  const aspect = watch.state === "watching" ? watch.frame.width / watch.frame.height : undefined;
  useEffect(() => {
    if (aspect !== undefined) onAspect?.(aspect);
  }, [aspect, onAspect]);
  return (
    <div className="live-camera">
      {watch.state === "watching" && aspect !== undefined ? (
        <LivePicture frame={watch.frame} alt={alt}>
          {overlay?.(aspect)}
        </LivePicture>
      ) : (
        <div className="live-placeholder" />
      )}
      <LiveStatus watch={watch} paused={false} visible={visible} device={address.device} />
    </div>
  );
}
