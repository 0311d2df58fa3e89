import type { LiveFrame } from "@sitewatch/shared-protocol";
import type { ReactNode } from "react";
import "./live-picture.css";

export interface LivePictureProps {
  frame: Pick<LiveFrame, "width" | "height" | "jpeg">;
  alt: string;
  /** What a role draws over the picture (gate boxes, seat polygons), laid exactly over it. */
  children?: ReactNode;
}

/**
 * One live frame at the frame's own aspect, with an overlay on top. Every role's live view shows its
 * frames through this, so the picture is sized and positioned the same under any overlay.
 */
export function LivePicture({ frame, alt, children }: LivePictureProps) {
  return (
    <div className="live-frame-picture" style={{ aspectRatio: `${frame.width} / ${frame.height}` }}>
      {/* A data URL: the frame is already base64 in the event, and nothing needs revoking. */}
      <img src={`data:image/jpeg;base64,${frame.jpeg}`} alt={alt} />
      {children}
    </div>
  );
}
