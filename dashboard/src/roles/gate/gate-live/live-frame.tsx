import type { LiveFrame as LiveFrameData } from "@sitewatch/shared-protocol";
import { LivePicture } from "../../../components/live-picture.js";
import { useMessages } from "../../../i18n/locale.js";
import { type BoxState, frameOverlay } from "./frame-boxes.js";
import { gateLiveMessages } from "./messages.js";

const LEGEND: readonly Exclude<BoxState, "none">[] = ["tracking", "capturing", "captured"];

/**
 * One live frame with its boxes drawn over it. The overlay's viewBox is the frame's own pixel grid, so
 * the boxes stay on their objects at any size the picture is shown; colour and line style both tell
 * the capture state (not colour alone), and the legend says which is which.
 */
export function LiveFrame({ frame, alt }: { frame: LiveFrameData; alt: string }) {
  const t = useMessages(gateLiveMessages);
  const overlay = frameOverlay(frame, (state) => t(`state.${state}`));
  return (
    <figure className="live-frame">
      <LivePicture frame={frame} alt={alt}>
        <svg
          className="live-boxes"
          viewBox={`0 0 ${frame.width} ${frame.height}`}
          preserveAspectRatio="none"
          aria-hidden="true"
          style={{ fontSize: overlay.fontSize }}
        >
          {overlay.boxes.map((b) => (
            <g key={b.key} className={`live-box box-${b.state}`} data-state={b.state}>
              <rect x={b.x} y={b.y} width={b.width} height={b.height} strokeWidth={overlay.strokeWidth} />
              <text x={b.labelX} y={b.labelY}>
                {b.label}
              </text>
            </g>
          ))}
        </svg>
      </LivePicture>
      <figcaption>
        <ul className="live-legend" aria-label={t("legend")}>
          {LEGEND.map((state) => (
            <li key={state} className={`box-${state}`}>
              <svg viewBox="0 0 20 12" aria-hidden="true">
                <rect x="1" y="1" width="18" height="10" />
              </svg>
              {t(`state.${state}`)}
            </li>
          ))}
        </ul>
        {overlay.boxes.length > 0 && (
          // The boxes in words, for whoever cannot see the picture.
          <p className="visually-hidden">{overlay.boxes.map((b) => b.label).join("; ")}</p>
        )}
      </figcaption>
    </figure>
  );
}
