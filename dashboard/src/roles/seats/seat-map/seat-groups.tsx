import { useMemo, useSyncExternalStore } from "react";
import { useMessages } from "../../../i18n/locale.js";
import { seatMapMessages } from "./messages.js";
import { useSeatMap } from "./seat-map-context.js";
import type { SeatEntry } from "./seat-store.js";
import { SeatTile } from "./seat-tile.js";

interface Group {
  key: string;
  device: string;
  camera: string;
  seats: string[];
}

/** Tiles in rows this many bands per frame height: seats at about the same height share a row. */
const ROW_BANDS = 8;

/**
 * Seats grouped by camera and ordered as they sit in the camera's view (top row first, left to
 * right), which is close to the room's plan. Re-renders only when seats are added, removed or moved.
 */
export function SeatGroups() {
  const { store } = useSeatMap();
  const t = useMessages(seatMapMessages);
  const layout = useSyncExternalStore(store.subscribeLayout, store.layout);
  const groups = useMemo(() => groupSeats(layout), [layout]);
  if (groups.length === 0) return <p className="empty">{t("noSeats")}</p>;
  return (
    <div className="seat-groups">
      {groups.map((g) => {
        const label = t("group.label", { camera: g.camera, device: g.device });
        return (
          <section key={g.key} className="seat-group" aria-label={label}>
            <h2>{label}</h2>
            <div className="seat-grid">
              {g.seats.map((seat) => (
                <SeatTile key={seat} seat={seat} />
              ))}
            </div>
          </section>
        );
      })}
    </div>
  );
}

export function groupSeats(entries: readonly SeatEntry[]): Group[] {
  const byCamera = new Map<string, { group: Group; entries: SeatEntry[] }>();
  for (const e of entries) {
    const key = `${e.device}/${e.camera}`;
    let slot = byCamera.get(key);
    if (!slot) {
      slot = { group: { key, device: e.device, camera: e.camera, seats: [] }, entries: [] };
      byCamera.set(key, slot);
    }
    slot.entries.push(e);
  }
  const row = (e: SeatEntry) => Math.round(e.y * ROW_BANDS);
  return [...byCamera.values()]
    .sort((a, b) => a.group.key.localeCompare(b.group.key))
    .map(({ group, entries: list }) => {
      list.sort((a, b) => row(a) - row(b) || a.x - b.x || a.seat.localeCompare(b.seat));
      group.seats = list.map((e) => e.seat);
      return group;
    });
}
