import { lazy } from "react";
import type { PageEntry } from "../page-entry.js";

/** The gate role's tab: its log of gate entries, filtered, with new ones pushed live. */
export const gatePages = [
  {
    path: "gate",
    label: "nav.gate",
    navOrder: 50,
    Page: lazy(() => import("./gate-log/gate-log-page.js")),
  },
] as const satisfies readonly PageEntry[];
