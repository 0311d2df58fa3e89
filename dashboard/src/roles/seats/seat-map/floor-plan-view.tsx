import {
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import { useApi } from "../../../app/app-context.js";
import { useMessages } from "../../../i18n/locale.js";
import { keyMove, type PlanPoint, planPositions, pointerPoint } from "./floor-plan.js";
import { planMessages } from "./plan-messages.js";
import { useSeatMap } from "./seat-map-context.js";
import { SeatTile } from "./seat-tile.js";

/** A press that travels less than this many pixels is a click on the tile, not a drag. */
const DRAG_THRESHOLD_PX = 5;
/** Arrow-key moves are saved once the keys rest, not once per step. */
const KEY_SAVE_DELAY_MS = 400;

interface Drag {
  seat: string;
  pointerId: number;
  startX: number;
  startY: number;
  moved: boolean;
}

/**
 * The seats as they sit in the room: each tile at its floor-plan position (or where its polygon puts
 * it, see planPositions). A tile is dragged into place with any pointer, or moved with the arrow keys
 * while focused; the position is saved through REST and a click without a drag still opens the seat.
 */
export function FloorPlanView({ site }: { site: string }) {
  const api = useApi();
  const { store } = useSeatMap();
  const t = useMessages(planMessages);
  const hintId = useId();
  const entries = useSyncExternalStore(store.subscribeLayout, store.layout);
  const positions = useMemo(() => planPositions(entries), [entries]);
  const plan = useRef<HTMLElement>(null);
  const drag = useRef<Drag | undefined>(undefined);
  const justDragged = useRef(false);
  const keyTimers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    const timers = keyTimers.current;
    return () => {
      for (const timer of timers.values()) clearTimeout(timer);
    };
  }, []);

  const save = (seat: string, layout: PlanPoint) => {
    setError(undefined);
    const path = `/api/v1/sites/${encodeURIComponent(site)}/seats/${encodeURIComponent(seat)}`;
    api.patch(path, { layout }).catch((err: unknown) => {
      setError(t("plan.saveFailed", { seat, message: err instanceof Error ? err.message : String(err) }));
    });
  };

  const onPointerDown = (seat: string, e: PointerEvent) => {
    if (e.button !== 0) return;
    justDragged.current = false;
    drag.current = { seat, pointerId: e.pointerId, startX: e.clientX, startY: e.clientY, moved: false };
  };
  const onPointerMove = (e: PointerEvent<HTMLElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId || !plan.current) return;
    if (!d.moved && Math.hypot(e.clientX - d.startX, e.clientY - d.startY) < DRAG_THRESHOLD_PX) return;
    if (!d.moved) e.currentTarget.setPointerCapture?.(e.pointerId);
    d.moved = true;
    store.move(d.seat, pointerPoint(e.clientX, e.clientY, plan.current.getBoundingClientRect()));
  };
  const onPointerUp = (e: PointerEvent) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    drag.current = undefined;
    if (!d.moved) return;
    justDragged.current = true;
    const placed = store.get(d.seat)?.layout;
    if (placed) save(d.seat, placed);
  };
  // The click that ends a drag must not open the seat as a plain click would.
  const onClickCapture = (e: MouseEvent) => {
    if (!justDragged.current) return;
    justDragged.current = false;
    e.preventDefault();
    e.stopPropagation();
  };
  const onKeyDown = (seat: string, e: KeyboardEvent) => {
    const from = positions.get(seat);
    const to = from && keyMove(from, e.key, e.shiftKey);
    if (!to) return;
    e.preventDefault();
    store.move(seat, to);
    const timers = keyTimers.current;
    clearTimeout(timers.get(seat));
    timers.set(
      seat,
      setTimeout(() => {
        timers.delete(seat);
        save(seat, to);
      }, KEY_SAVE_DELAY_MS),
    );
  };

  return (
    <div className="floor-plan-wrap">
      <p id={hintId} className="muted plan-hint">
        {t("plan.hint")}
      </p>
      <section ref={plan} className="floor-plan" aria-label={t("plan.label")} aria-describedby={hintId}>
        {entries.map((e) => {
          const p = positions.get(e.seat) ?? { x: 0, y: 0 };
          return (
            // biome-ignore lint/a11y/noStaticElementInteractions: the events come from the tile button inside, which the slot only positions.
            <div
              key={e.seat}
              className="plan-slot"
              data-plan-seat={e.seat}
              style={{ left: `${p.x * 100}%`, top: `${p.y * 100}%` }}
              onPointerDown={(ev) => onPointerDown(e.seat, ev)}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp}
              onPointerCancel={onPointerUp}
              onClickCapture={onClickCapture}
              onKeyDown={(ev) => onKeyDown(e.seat, ev)}
            >
              <SeatTile seat={e.seat} />
            </div>
          );
        })}
      </section>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
