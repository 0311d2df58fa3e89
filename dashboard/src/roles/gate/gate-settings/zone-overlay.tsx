import type { Point } from "@sitewatch/shared-protocol";
import { type KeyboardEvent, type PointerEvent, useRef } from "react";
import {
  edgeMidpoints,
  insertVertex,
  movePolygon,
  moveVertex,
  removeVertex,
} from "../../../components/polygon-editing.js";
import { useMessages } from "../../../i18n/locale.js";
import { arrowHeadPath, type DirectionLine, inArrow, moveLineEnd } from "./direction-line.js";
import { gateSettingsMessages } from "./messages.js";

/** The schema's limit on zone corners. */
const MAX_CORNERS = 64;
const W = 1000;

function keyStep(e: KeyboardEvent): Point | undefined {
  const step = e.shiftKey ? 0.05 : 0.01;
  const steps: Record<string, Point> = {
    ArrowLeft: [-step, 0],
    ArrowRight: [step, 0],
    ArrowUp: [0, -step],
    ArrowDown: [0, step],
  };
  return steps[e.key];
}

type Drag =
  | { kind: "corner"; index: number }
  | { kind: "zone"; start: Point; zone: Point[] }
  | { kind: "end"; end: 0 | 1 };

export interface ZoneOverlayProps {
  label: string;
  /** Width ÷ height of the picture, so handles stay round and points land where they were dropped. */
  aspect: number;
  zone: Point[];
  line?: DirectionLine;
  zoneInvalid: boolean;
  onZone(zone: Point[]): void;
  onLine(line: DirectionLine): void;
}

/**
 * The SVG over the gate camera's picture: the zone with a handle on each corner and a "+" in the middle
 * of each edge (dragging one adds a corner there), and the direction line with its two ends and an
 * arrow to the "in" side. Same coordinates as the seat overlay: normalised points, a 1000-unit wide box.
 */
export function ZoneOverlay(props: ZoneOverlayProps) {
  const { label, aspect, zone, line, zoneInvalid, onZone, onLine } = props;
  const t = useMessages(gateSettingsMessages);
  const H = W / aspect;
  const svg = useRef<SVGSVGElement>(null);
  const drag = useRef<Drag | undefined>(undefined);

  const toPoint = (e: PointerEvent): Point => {
    const rect = (svg.current as SVGSVGElement).getBoundingClientRect();
    return [(e.clientX - rect.left) / rect.width, (e.clientY - rect.top) / rect.height];
  };
  const grab = (e: PointerEvent, d: Drag) => {
    e.stopPropagation();
    drag.current = d;
    svg.current?.setPointerCapture?.(e.pointerId);
  };
  const onMove = (e: PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    const p = toPoint(e);
    if (d.kind === "corner") onZone(moveVertex(zone, d.index, p));
    else if (d.kind === "zone") onZone(movePolygon(d.zone, p[0] - d.start[0], p[1] - d.start[1]));
    else if (line) onLine(moveLineEnd(line, d.end, p));
  };
  const onUp = () => {
    drag.current = undefined;
  };
  // Arrow keys nudge the zone, or the focused corner; Delete removes that corner: editing without a pointer.
  const onKeyDown = (e: KeyboardEvent) => {
    const d = keyStep(e);
    if (!d) return;
    e.preventDefault();
    onZone(movePolygon(zone, d[0], d[1]));
  };
  const onCornerKey = (e: KeyboardEvent, index: number) => {
    const d = keyStep(e);
    const corner = zone[index];
    if (e.key === "Delete" || e.key === "Backspace") onZone(removeVertex(zone, index));
    else if (d && corner) onZone(moveVertex(zone, index, [corner[0] + d[0], corner[1] + d[1]]));
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  const pts = zone.map(([x, y]) => `${x * W},${y * H}`).join(" ");
  const arrow = line && inArrow(line, W, H, 70);

  return (
    <svg
      ref={svg}
      className="zone-overlay"
      viewBox={`0 0 ${W} ${H}`}
      preserveAspectRatio="none"
      role="application"
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so arrow keys reach it.
      tabIndex={0}
      onPointerMove={onMove}
      onPointerUp={onUp}
      onPointerCancel={onUp}
      onKeyDown={onKeyDown}
    >
      <rect className="overlay-bg" x={0} y={0} width={W} height={H} />
      <g className={zoneInvalid ? "zone-shape invalid" : "zone-shape"}>
        <polygon points={pts} onPointerDown={(e) => grab(e, { kind: "zone", start: toPoint(e), zone })} />
        {zone.length < MAX_CORNERS &&
          edgeMidpoints(zone).map(([x, y], edge) => (
            <circle
              // biome-ignore lint/suspicious/noArrayIndexKey: an edge is its position in the zone.
              key={edge}
              className="midpoint"
              data-midpoint={edge}
              cx={x * W}
              cy={y * H}
              r={9}
              onPointerDown={(e) => {
                onZone(insertVertex(zone, edge, [x, y], MAX_CORNERS));
                grab(e, { kind: "corner", index: edge + 1 });
              }}
            />
          ))}
        {zone.map(([x, y], index) => (
          // biome-ignore lint/a11y/useSemanticElements: an SVG handle cannot be a <button>.
          <circle
            // biome-ignore lint/suspicious/noArrayIndexKey: a corner is its position in the zone.
            key={index}
            className="vertex"
            data-corner={index}
            cx={x * W}
            cy={y * H}
            r={12}
            role="button"
            tabIndex={0}
            aria-label={t("corner", { n: index + 1 })}
            onPointerDown={(e) => grab(e, { kind: "corner", index })}
            onDoubleClick={() => onZone(removeVertex(zone, index))}
            onKeyDown={(e) => onCornerKey(e, index)}
          />
        ))}
      </g>
      {line && (
        <g className="direction-line">
          <line x1={line[0][0] * W} y1={line[0][1] * H} x2={line[1][0] * W} y2={line[1][1] * H} />
          {arrow && (
            <>
              <line
                className="arrow"
                x1={arrow.from[0]}
                y1={arrow.from[1]}
                x2={arrow.to[0]}
                y2={arrow.to[1]}
              />
              <path className="arrow" d={arrowHeadPath(arrow, 18)} />
              <text
                x={arrow.to[0] + (arrow.to[0] - arrow.from[0]) * 0.45}
                y={arrow.to[1] + (arrow.to[1] - arrow.from[1]) * 0.45}
                textAnchor="middle"
                dominantBaseline="middle"
              >
                {t("in")}
              </text>
            </>
          )}
          {line.map(([x, y], end) => (
            <circle
              key={end === 0 ? "from" : "to"}
              className="line-end"
              data-line-end={end}
              cx={x * W}
              cy={y * H}
              r={13}
              onPointerDown={(e) => grab(e, { kind: "end", end: end as 0 | 1 })}
            />
          ))}
        </g>
      )}
    </svg>
  );
}
