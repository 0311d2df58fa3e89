import { createContext, useContext } from "react";
import type { SeatStore } from "./seat-store.js";

/** What every tile needs besides its seat id; stable for the page's life so memoized tiles stay put. */
export interface SeatMapContextValue {
  store: SeatStore;
  open(seat: string): void;
}

const SeatMapContext = createContext<SeatMapContextValue | undefined>(undefined);
export const SeatMapProvider = SeatMapContext.Provider;

export function useSeatMap(): SeatMapContextValue {
  const value = useContext(SeatMapContext);
  if (!value) throw new Error("useSeatMap outside SeatMapProvider");
  return value;
}
