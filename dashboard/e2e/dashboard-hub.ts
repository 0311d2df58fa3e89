import { type RestartableTestHub, startTestHub } from "@sitewatch/hub/testing";
import { DIST_DIR } from "./browser.js";

export interface DashboardHub extends RestartableTestHub {}

export interface DashboardHubOptions {
  site?: string;
  env?: Record<string, string>;
}

/**
 * A real hub (file-backed PGlite, embedded broker, REST, Socket.IO) that serves the dashboard's
 * production build at `/`, as `npm start` does. `restart()` keeps its ports and data, so a browser
 * that was connected can reconnect by itself.
 */
export function startDashboardHub(opts: DashboardHubOptions = {}): Promise<DashboardHub> {
  return startTestHub({
    site: opts.site,
    env: { DASHBOARD_DIR: DIST_DIR, ...opts.env },
    persistent: true,
  });
}
