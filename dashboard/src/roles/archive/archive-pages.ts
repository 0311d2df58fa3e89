import { lazy } from "react";
import type { PageEntry } from "../page-entry.js";

/**
 * The archive role's tab: per camera, the live picture (HLS from the device, only while watched), the
 * recorded segments that stay on the device and are fetched for playback on demand, and the analysis
 * jobs of those segments with their results.
 */
export const archivePages = [
  {
    path: "archive",
    label: "nav.archive",
    navOrder: 70,
    Page: lazy(() => import("./archive-page.js")),
  },
] as const satisfies readonly PageEntry[];
