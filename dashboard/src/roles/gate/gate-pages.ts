import { lazy } from "react";
import type { PageEntry } from "../page-entry.js";

/**
 * The gate role's tabs: its log of gate entries, filtered, with new ones pushed live; and the gate
 * cameras' settings (zone, direction line, tracking), which the hub pushes to the devices.
 */
export const gatePages = [
  {
    path: "gate",
    label: "nav.gate",
    navOrder: 50,
    Page: lazy(() => import("./gate-log/gate-log-page.js")),
  },
  {
    path: "gate-settings",
    label: "nav.gateSettings",
    navOrder: 55,
    Page: lazy(() => import("./gate-settings/gate-settings-page.js")),
  },
] as const satisfies readonly PageEntry[];
