import { lazy } from "react";
import type { PageEntry } from "../page-entry.js";

/**
 * The attention role's tabs: the learner's Focus page (the camera is analysed in the browser), the
 * focus reports (per session and over time), the managers' view of the site's live sessions, and the
 * site's attention thresholds.
 */
export const attentionPages = [
  {
    path: "focus",
    label: "nav.focus",
    navOrder: 60,
    Page: lazy(() => import("./focus/focus-page.js")),
  },
  {
    path: "focus-reports",
    label: "nav.focusReports",
    navOrder: 62,
    Page: lazy(() => import("./reports/reports-page.js")),
  },
  {
    path: "focus-live",
    label: "nav.focusLive",
    navOrder: 64,
    Page: lazy(() => import("./live/live-sessions-page.js")),
  },
  {
    path: "focus-settings",
    label: "nav.focusSettings",
    navOrder: 66,
    Page: lazy(() => import("./settings/attention-settings-page.js")),
  },
] as const satisfies readonly PageEntry[];
