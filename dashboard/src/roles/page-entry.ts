import type { ComponentType, LazyExoticComponent } from "react";
import type { appMessages } from "../app/app-messages.js";

/** The navigation's labels: the `nav.*` keys of the shell's messages, in every language. */
export type NavLabel = Extract<keyof (typeof appMessages)["en"], `nav.${string}`>;

/**
 * One tab of a site: its URL segment (`/sites/:site/<path>`), its label and its page. The page is
 * lazy-loaded, so each one is its own chunk and the charts of one never weigh on another's first load.
 */
export interface PageEntry {
  readonly path: string;
  readonly label: NavLabel;
  /**
   * Where the tab sits in the navigation, ascending; core and role pages share one scale, so a role's
   * tabs can sit before or after the core ones without the shell naming any role.
   */
  readonly navOrder: number;
  readonly Page: LazyExoticComponent<ComponentType>;
}
