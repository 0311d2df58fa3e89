import { roleNames } from "@sitewatch/shared-protocol";
import { lazy } from "react";
import { describe, expect, it } from "vitest";
import type { PageEntry } from "../roles/page-entry.js";
import { rolePages } from "../roles/role-table.js";
import { corePages, navPages, PAGES } from "./page-table.js";

const LAZY = Symbol.for("react.lazy");
const stubPage = (path: string, navOrder: number): PageEntry => ({
  path,
  label: "nav.map",
  navOrder,
  Page: lazy(async () => ({ default: () => null })),
});

describe("the page table", () => {
  it("keeps the tabs and their URLs: seat map, statistics, seat editor, devices, gate, focus, archive, notifications, settings", () => {
    expect(PAGES.map((p) => [p.path, p.label])).toEqual([
      ["map", "nav.map"],
      ["stats", "nav.stats"],
      ["editor", "nav.editor"],
      ["devices", "nav.devices"],
      ["gate", "nav.gate"],
      ["gate-settings", "nav.gateSettings"],
      ["focus", "nav.focus"],
      ["focus-reports", "nav.focusReports"],
      ["focus-live", "nav.focusLive"],
      ["focus-settings", "nav.focusSettings"],
      ["archive", "nav.archive"],
      ["notifications", "nav.notifications"],
      ["settings", "nav.settings"],
    ]);
  });

  it("has a line for every role of the protocol's list, and for nothing else", () => {
    expect(Object.keys(rolePages).sort()).toEqual([...roleNames].sort());
  });

  it("loads every page lazily, so each is its own chunk", () => {
    for (const page of PAGES) expect(page.Page.$$typeof, page.path).toBe(LAZY);
  });

  it("places a new role's tabs by their nav order, between the core ones if need be", () => {
    const pages = navPages(corePages, { ...rolePages, attention: [stubPage("attention", 45)] });
    expect(pages.map((p) => p.path)).toEqual([
      "map",
      "stats",
      "editor",
      "devices",
      "attention",
      "gate",
      "gate-settings",
      "archive",
      "notifications",
      "settings",
    ]);
  });

  it("refuses two pages with one path, which would leave one unreachable", () => {
    expect(() => navPages(corePages, { ...rolePages, attention: [stubPage("map", 60)] })).toThrow(
      /two dashboard pages claim the path "map"/,
    );
  });
});
