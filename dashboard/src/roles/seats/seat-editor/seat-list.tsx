import { useEffect, useRef } from "react";
import { useMessages } from "../../../i18n/locale.js";
import type { EditorAction } from "./editor-state.js";
import { seatEditorMessages } from "./messages.js";
import type { EditorSeat } from "./seat-plan.js";

export interface FieldErrors {
  name?: string;
  polygon?: string;
}

export interface SeatListProps {
  seats: EditorSeat[];
  selected?: string;
  errors: ReadonlyMap<string, FieldErrors>;
  dispatch(action: EditorAction): void;
}

/**
 * The seats of the camera as a list beside the picture: the keyboard way to select, name and delete
 * them, and where each seat's problems are written next to the field they concern.
 */
export function SeatList({ seats, selected, errors, dispatch }: SeatListProps) {
  const t = useMessages(seatEditorMessages);
  if (seats.length === 0) return <p className="empty">{t("noSeats")}</p>;
  return (
    <ul className="seat-list">
      {seats.map((seat) => (
        <SeatRow
          key={seat.key}
          seat={seat}
          selected={seat.key === selected}
          errors={errors.get(seat.key) ?? {}}
          dispatch={dispatch}
        />
      ))}
    </ul>
  );
}

function SeatRow({
  seat,
  selected,
  errors,
  dispatch,
}: {
  seat: EditorSeat;
  selected: boolean;
  errors: FieldErrors;
  dispatch(action: EditorAction): void;
}) {
  const t = useMessages(seatEditorMessages);
  const input = useRef<HTMLInputElement>(null);
  const nameError = `seat-${seat.key}-name-error`;
  const polygonError = `seat-${seat.key}-polygon-error`;
  // A just-drawn seat has no name yet: put the cursor where it is typed.
  useEffect(() => {
    if (selected && !seat.id) input.current?.focus();
  }, [selected, seat.id]);
  const remove = () => {
    if (window.confirm(t("confirmDelete", { seat: seat.id || "?" })))
      dispatch({ type: "remove", key: seat.key });
  };
  return (
    <li className={selected ? "seat-row selected" : "seat-row"} data-key={seat.key}>
      <label>
        {t("name")}
        <input
          ref={input}
          value={seat.id}
          maxLength={32}
          spellCheck={false}
          autoCapitalize="characters"
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? nameError : undefined}
          onFocus={() => !selected && dispatch({ type: "select", key: seat.key })}
          onChange={(e) => dispatch({ type: "rename", key: seat.key, id: e.target.value })}
        />
      </label>
      {errors.name && (
        <p id={nameError} className="field-error" role="alert">
          {errors.name}
        </p>
      )}
      <span className="seat-points">{t("points", { count: seat.polygon.length })}</span>
      {errors.polygon && (
        <p id={polygonError} className="field-error" role="alert">
          {errors.polygon}
        </p>
      )}
      <div className="seat-actions">
        <button
          type="button"
          className="secondary"
          aria-pressed={selected}
          aria-describedby={errors.polygon ? polygonError : undefined}
          onClick={() => dispatch({ type: "select", key: selected ? undefined : seat.key })}
        >
          {t("select")} <span className="visually-hidden">{seat.id}</span>
        </button>
        <button type="button" className="secondary danger" onClick={remove}>
          {t("delete")} <span className="visually-hidden">{seat.id}</span>
        </button>
      </div>
    </li>
  );
}
