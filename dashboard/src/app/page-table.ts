import { lazy } from "react";
import type { PageEntry } from "../roles/page-entry.js";
import { type RolePageTable, rolePages } from "../roles/role-table.js";

/** Pages every site has, whatever roles its cameras run (in `pages/`). */
export const corePages = [
  {
    path: "devices",
    label: "nav.devices",
    navOrder: 40,
    Page: lazy(() => import("../pages/devices/devices-page.js")),
  },
  {
    path: "notifications",
    label: "nav.notifications",
    navOrder: 80,
    Page: lazy(() => import("../pages/notifications/notifications-page.js")),
  },
  {
    path: "settings",
    label: "nav.settings",
    navOrder: 90,
    Page: lazy(() => import("../pages/settings/settings-page.js")),
  },
] as const satisfies readonly PageEntry[];

/**
 * The tabs of a site: the core pages and every registered role's pages, by `navOrder`. Two pages
 * claiming one path would make one of them unreachable, so that fails at load.
 */
export function navPages(core: readonly PageEntry[], roles: RolePageTable): readonly PageEntry[] {
  const all = [...core, ...Object.values<readonly PageEntry[]>(roles).flat()];
  const seen = new Set<string>();
  for (const page of all) {
    if (seen.has(page.path)) throw new Error(`two dashboard pages claim the path "${page.path}"`);
    seen.add(page.path);
  }
  return all.sort((a, b) => a.navOrder - b.navOrder);
}

export const PAGES = navPages(corePages, rolePages);
