import { lazy } from "react";
import type { PageEntry } from "../page-entry.js";

/** The seats role's tabs: the live seat map, its statistics and the seat editor. */
export const seatsPages = [
  {
    path: "map",
    label: "nav.map",
    navOrder: 10,
    Page: lazy(() => import("./seat-map/seat-map-page.js")),
  },
  {
    path: "stats",
    label: "nav.stats",
    navOrder: 20,
    Page: lazy(() => import("./stats/stats-page.js")),
  },
  {
    path: "editor",
    label: "nav.editor",
    navOrder: 30,
    Page: lazy(() => import("./seat-editor/seat-editor-page.js")),
  },
] as const satisfies readonly PageEntry[];
