import type { Point } from "@sitewatch/shared-protocol";
import { type KeyboardEvent, type PointerEvent, useEffect, useRef } from "react";
import { labelPoint, movePolygon, moveVertex } from "../../../components/polygon-editing.js";
import type { EditorAction } from "./editor-state.js";
import type { EditorSeat } from "./seat-plan.js";

type Drag =
  | { kind: "vertex"; key: string; index: number; polygon: Point[] }
  | { kind: "polygon"; key: string; start: Point; polygon: Point[] };

export interface SeatOverlayProps {
  label: string;
  /** Width ÷ height of the picture, so circles stay round and points land where they were clicked. */
  aspect: number;
  seats: EditorSeat[];
  selected?: string;
  draft?: Point[];
  invalid: ReadonlySet<string>;
  dispatch(action: EditorAction): void;
}

const W = 1000;

/**
 * The SVG drawn over the picture. Seats are stored in normalised 0..1 coordinates; the SVG uses a
 * 1000-unit wide box of the picture's aspect. Pointer events serve mouse, pen and touch alike; a drag
 * captures the pointer so it keeps tracking outside a small handle.
 */
export function SeatOverlay({ label, aspect, seats, selected, draft, invalid, dispatch }: SeatOverlayProps) {
  const H = W / aspect;
  const svg = useRef<SVGSVGElement>(null);
  const drag = useRef<Drag | undefined>(undefined);

  // Enter/Escape work while drawing even when the focus is elsewhere on the page (not in a text field).
  useEffect(() => {
    if (!draft) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement) return;
      if (e.key === "Enter") dispatch({ type: "closeDraft" });
      else if (e.key === "Escape") dispatch({ type: "cancelDraft" });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [draft, dispatch]);

  const toPoint = (e: PointerEvent): Point => {
    const rect = (svg.current as SVGSVGElement).getBoundingClientRect();
    return [(e.clientX - rect.left) / rect.width, (e.clientY - rect.top) / rect.height];
  };
  const capture = (e: PointerEvent) => svg.current?.setPointerCapture?.(e.pointerId);

  const onBackground = (e: PointerEvent) => {
    if (draft) dispatch({ type: "addPoint", point: toPoint(e) });
    else dispatch({ type: "select", key: undefined });
  };
  const onMove = (e: PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    const p = toPoint(e);
    const polygon =
      d.kind === "vertex"
        ? moveVertex(d.polygon, d.index, p)
        : movePolygon(d.polygon, p[0] - d.start[0], p[1] - d.start[1]);
    dispatch({ type: "setPolygon", key: d.key, polygon });
  };
  const onUp = () => {
    drag.current = undefined;
  };
  // Arrow keys nudge the selected seat: moving a polygon without a pointer.
  const onKeyDown = (e: KeyboardEvent) => {
    const seat = seats.find((s) => s.key === selected);
    const step = e.shiftKey ? 0.05 : 0.01;
    const delta: Record<string, Point> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const d = delta[e.key];
    if (!seat || !d || draft) return;
    e.preventDefault();
    dispatch({ type: "setPolygon", key: seat.key, polygon: movePolygon(seat.polygon, d[0], d[1]) });
  };
  const pts = (polygon: readonly Point[]) => polygon.map(([x, y]) => `${x * W},${y * H}`).join(" ");

  return (
    <svg
      ref={svg}
      className={draft ? "seat-overlay drawing" : "seat-overlay"}
      viewBox={`0 0 ${W} ${H}`}
      preserveAspectRatio="none"
      role="application"
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so arrow keys, Enter and Escape reach it.
      tabIndex={0}
      onPointerMove={onMove}
      onPointerUp={onUp}
      onPointerCancel={onUp}
      onKeyDown={onKeyDown}
    >
      <rect className="overlay-bg" x={0} y={0} width={W} height={H} onPointerDown={onBackground} />
      {seats.map((seat) => {
        const [lx, ly] = labelPoint(seat.polygon);
        const isSelected = seat.key === selected;
        return (
          <g
            key={seat.key}
            className={`seat-shape${isSelected ? " selected" : ""}${invalid.has(seat.key) ? " invalid" : ""}`}
            data-seat={seat.id || seat.key}
          >
            <polygon
              points={pts(seat.polygon)}
              onPointerDown={(e) => {
                if (draft) return onBackground(e);
                e.stopPropagation();
                dispatch({ type: "select", key: seat.key });
                drag.current = { kind: "polygon", key: seat.key, start: toPoint(e), polygon: seat.polygon };
                capture(e);
              }}
            />
            <text x={lx * W} y={ly * H} textAnchor="middle" dominantBaseline="middle">
              {seat.id || "?"}
            </text>
            {isSelected &&
              !draft &&
              seat.polygon.map(([x, y], index) => (
                <circle
                  // biome-ignore lint/suspicious/noArrayIndexKey: a vertex is its position in the polygon.
                  key={index}
                  className="vertex"
                  cx={x * W}
                  cy={y * H}
                  r={12}
                  onPointerDown={(e) => {
                    e.stopPropagation();
                    drag.current = { kind: "vertex", key: seat.key, index, polygon: seat.polygon };
                    capture(e);
                  }}
                />
              ))}
          </g>
        );
      })}
      {draft && draft.length > 0 && (
        <g className="draft">
          <polyline points={pts(draft)} />
          {draft.map(([x, y], index) => (
            <circle
              // biome-ignore lint/suspicious/noArrayIndexKey: a vertex is its position in the draft.
              key={index}
              className={index === 0 ? "vertex first" : "vertex"}
              cx={x * W}
              cy={y * H}
              r={index === 0 ? 16 : 9}
              onPointerDown={(e) => {
                e.stopPropagation();
                if (index === 0) dispatch({ type: "closeDraft" });
              }}
            />
          ))}
        </g>
      )}
    </svg>
  );
}
