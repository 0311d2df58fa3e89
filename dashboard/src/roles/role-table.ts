import type { RoleName } from "@sitewatch/shared-protocol";
import { archivePages } from "./archive/archive-pages.js";
import { attentionPages } from "./attention/attention-pages.js";
import { gatePages } from "./gate/gate-pages.js";
import type { PageEntry } from "./page-entry.js";
import { seatsPages } from "./seats/seats-pages.js";

/** Any table of the same shape: every role of the protocol's list, and the tabs it brings. */
export type RolePageTable = { readonly [R in RoleName]: readonly PageEntry[] };

/**
 * The dashboard's role registration table: one line per role of `roleNames` (shared-protocol), camera
 * roles and the others (archive). A role added to the protocol without a line here fails to compile;
 * `[]` says on purpose that it has no pages yet. The shell's navigation reads this table; adding a
 * role's pages is one line here (see docs/architecture.md, "Adding a role").
 */
export const rolePages = {
  seats: seatsPages,
  gate: gatePages,
  attention: attentionPages,
  archive: archivePages,
} as const satisfies RolePageTable;
