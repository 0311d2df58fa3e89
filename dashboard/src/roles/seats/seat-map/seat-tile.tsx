import { memo, useCallback, useId, useLayoutEffect, useRef, useSyncExternalStore } from "react";
import { useClock } from "../../../app/page-clock.js";
import { formatDuration } from "../../../i18n/format.js";
import { useLocale, useMessages } from "../../../i18n/locale.js";
import { seatMapMessages } from "./messages.js";
import { useSeatMap } from "./seat-map-context.js";

/**
 * One seat: a button coloured by state that opens the detail panel. It subscribes to its own seat
 * only, so a live change re-renders this tile and no other; its timer text is written by the page
 * clock, not by React (vacancy time when empty, stay time when occupied, held time when held).
 */
export const SeatTile = memo(function SeatTile({ seat }: { seat: string }) {
  const { store, open } = useSeatMap();
  const clock = useClock();
  const { locale } = useLocale();
  const t = useMessages(seatMapMessages);
  const subscribe = useCallback((listener: () => void) => store.subscribeSeat(seat, listener), [store, seat]);
  const entry = useSyncExternalStore(subscribe, () => store.get(seat));
  const timer = useRef<HTMLSpanElement>(null);
  const timerId = useId();
  const since = entry?.state === "unknown" ? null : (entry?.since ?? null);

  // Layout effect: the timer text is there before the browser paints the new state.
  useLayoutEffect(() => {
    const el = timer.current;
    if (!el) return;
    if (since === null) {
      el.textContent = "";
      return;
    }
    return clock.bindText(el, since, (ms) => formatDuration(ms, locale));
  }, [clock, since, locale]);

  if (!entry) return null;
  const stateWord = t(`state.${entry.state}`);
  return (
    <button
      type="button"
      className={`seat-tile state-${entry.state}`}
      data-seat={seat}
      data-state={entry.state}
      aria-label={t("tile.label", { seat, state: stateWord })}
      aria-describedby={timerId}
      onClick={() => open(seat)}
    >
      <span className="seat-name">{seat}</span>
      <span className="seat-state">{stateWord}</span>
      <span className="seat-timer" id={timerId} ref={timer} />
    </button>
  );
});
