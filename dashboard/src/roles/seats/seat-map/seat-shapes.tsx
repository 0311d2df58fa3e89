import { useCallback, useMemo, useSyncExternalStore } from "react";
import { labelPoint } from "../../../components/polygon-editing.js";
import { useMessages } from "../../../i18n/locale.js";
import { planMessages } from "./plan-messages.js";
import { useSeatMap } from "./seat-map-context.js";

const W = 1000;

/**
 * One camera's seat polygons drawn over its picture (still or live), each coloured by its live state.
 * Read only: the seat editor is where shapes change. Like the editor's overlay, the SVG is 1000 units
 * wide at the picture's aspect, so labels keep their size and shape.
 */
export function SeatShapes({ device, camera, aspect }: { device: string; camera: string; aspect: number }) {
  const { store } = useSeatMap();
  const t = useMessages(planMessages);
  const entries = useSyncExternalStore(store.subscribeLayout, store.layout);
  const seats = useMemo(
    () => entries.filter((e) => e.device === device && e.camera === camera).map((e) => e.seat),
    [entries, device, camera],
  );
  const H = W / aspect;
  return (
    <svg
      className="seat-shapes"
      viewBox={`0 0 ${W} ${H}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={t("camera.shapes", { camera })}
    >
      {seats.map((seat) => (
        <SeatShape key={seat} seat={seat} height={H} />
      ))}
    </svg>
  );
}

/** Subscribes to its own seat, so a state change recolours one shape. */
function SeatShape({ seat, height }: { seat: string; height: number }) {
  const { store } = useSeatMap();
  const subscribe = useCallback((l: () => void) => store.subscribeSeat(seat, l), [store, seat]);
  const entry = useSyncExternalStore(subscribe, () => store.get(seat));
  if (!entry) return null;
  const [lx, ly] = labelPoint(entry.polygon);
  return (
    <g className={`state-${entry.state}`} data-shape={seat} data-state={entry.state}>
      <polygon points={entry.polygon.map(([x, y]) => `${x * W},${y * height}`).join(" ")} />
      <text x={lx * W} y={ly * height} textAnchor="middle" dominantBaseline="middle">
        {seat}
      </text>
    </g>
  );
}
