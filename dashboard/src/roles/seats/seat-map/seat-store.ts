import type { SeatMap, SeatMapSeat } from "@sitewatch/hub/api-types";
import type { SeatState } from "@sitewatch/shared-protocol";

/**
 * A seat as the map shows it: its REST seat-map entry, whose `state` and `since` (epoch ms, null while
 * no device reported the seat) are those of `seat:snapshot` / `seat:change`, so live updates apply as is.
 */
export type SeatEntry = Pick<
  SeatMapSeat,
  "seat" | "kind" | "device" | "camera" | "state" | "since" | "polygon" | "layout"
> & {
  /** Centre of the seat's polygon (or its floor-plan position), 0..1, for ordering the tiles. */
  x: number;
  y: number;
};

export type SeatSummary = Record<SeatState, number> & { total: number };

type Listener = () => void;

/**
 * The live seat states, kept outside React so one change re-renders one tile: each tile subscribes to
 * its own seat (useSyncExternalStore), the KPIs to the summary, the grid to the list of seats. Entries
 * are replaced, never mutated, so a snapshot comparison by identity tells React what changed.
 */
export class SeatStore {
  private readonly entries = new Map<string, SeatEntry>();
  private readonly seatListeners = new Map<string, Set<Listener>>();
  private readonly summaryListeners = new Set<Listener>();
  private readonly layoutListeners = new Set<Listener>();
  private layoutSnapshot: readonly SeatEntry[] = [];
  private summarySnapshot: SeatSummary = { total: 0, empty: 0, occupied: 0, held: 0, unknown: 0 };

  /**
   * Takes a seat map loaded over REST. A live change that arrived while the request was in flight is
   * newer than the response, so a seat keeps its state when it began after the loaded one.
   */
  load(map: SeatMap): void {
    const previous = new Map(this.entries);
    this.entries.clear();
    for (const s of map.seats) {
      const loaded: SeatEntry = {
        seat: s.seat,
        kind: s.kind,
        device: s.device,
        camera: s.camera,
        polygon: s.polygon,
        layout: s.layout,
        ...position(s.layout, s.polygon),
        state: s.state,
        since: s.since,
      };
      const old = previous.get(s.seat);
      const keepOld = old?.since != null && (loaded.since === null || old.since > loaded.since);
      this.entries.set(s.seat, keepOld && old ? { ...loaded, state: old.state, since: old.since } : loaded);
    }
    this.layoutSnapshot = [...this.entries.values()];
    this.recount();
    for (const l of this.layoutListeners) l();
    for (const id of new Set([...previous.keys(), ...this.entries.keys()])) this.notifySeat(id);
    for (const l of this.summaryListeners) l();
  }

  /** Applies a state reported at `at`; an older report than the one shown is ignored. */
  apply(seat: string, state: SeatState, at: number): boolean {
    const old = this.entries.get(seat);
    if (!old || (old.since !== null && at < old.since) || (old.state === state && old.since === at))
      return false;
    this.entries.set(seat, { ...old, state, since: at });
    if (old.state !== state) {
      this.summarySnapshot = {
        ...this.summarySnapshot,
        [old.state]: this.summarySnapshot[old.state] - 1,
        [state]: this.summarySnapshot[state] + 1,
      };
      for (const l of this.summaryListeners) l();
    }
    this.notifySeat(seat);
    return true;
  }

  /** Places a seat on the floor plan (null: back to its polygon's position), e.g. while it is dragged. */
  move(seat: string, layout: { x: number; y: number } | null): void {
    const old = this.entries.get(seat);
    if (!old) return;
    this.entries.set(seat, { ...old, layout, ...position(layout, old.polygon) });
    this.layoutSnapshot = [...this.entries.values()];
    for (const l of this.layoutListeners) l();
    this.notifySeat(seat);
  }

  get(seat: string): SeatEntry | undefined {
    return this.entries.get(seat);
  }

  /** Every seat, in load order; a new array only when seats are added, removed or moved. */
  layout = (): readonly SeatEntry[] => this.layoutSnapshot;
  summary = (): SeatSummary => this.summarySnapshot;

  subscribeSeat(seat: string, listener: Listener): () => void {
    const set = this.seatListeners.get(seat) ?? new Set<Listener>();
    this.seatListeners.set(seat, set);
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.seatListeners.delete(seat);
    };
  }

  subscribeSummary = (listener: Listener): (() => void) => {
    this.summaryListeners.add(listener);
    return () => this.summaryListeners.delete(listener);
  };

  subscribeLayout = (listener: Listener): (() => void) => {
    this.layoutListeners.add(listener);
    return () => this.layoutListeners.delete(listener);
  };

  private notifySeat(seat: string): void {
    const set = this.seatListeners.get(seat);
    if (set) for (const l of set) l();
  }

  private recount(): void {
    const summary: SeatSummary = { total: this.entries.size, empty: 0, occupied: 0, held: 0, unknown: 0 };
    for (const e of this.entries.values()) summary[e.state]++;
    this.summarySnapshot = summary;
  }
}

/** The floor-plan position when one was set, otherwise the centre of the polygon in the camera frame. */
function position(
  layout: { x: number; y: number } | null,
  polygon: readonly (readonly [number, number])[],
): { x: number; y: number } {
  return layout ?? centroid(polygon);
}

/** The mean of a polygon's points: inside any seat shape drawn in practice, and cheap. */
export function centroid(polygon: readonly (readonly [number, number])[]): { x: number; y: number } {
  if (polygon.length === 0) return { x: 0, y: 0 };
  let x = 0;
  let y = 0;
  for (const [px, py] of polygon) {
    x += px;
    y += py;
  }
  return { x: x / polygon.length, y: y / polygon.length };
}
