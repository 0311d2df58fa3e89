import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  browserUnavailable,
  type DashboardHub,
  launchBrowser,
  loggedInPage,
  openPage,
  shot,
  signIn,
  startDashboardHub,
} from "./harness.js";

// Login and site picker against a real hub serving the production build (issue #6, items 2 and 8).
describe.skipIf(browserUnavailable)("dashboard login", () => {
  let hub: DashboardHub;
  let browser: Browser;
  const manager = { email: "manager@example.com", password: "manager-password-1" };

  beforeAll(async () => {
    [hub, browser] = await Promise.all([startDashboardHub({ site: "cafe-1" }), launchBrowser()]);
    await hub.api("/api/v1/sites", { id: "cafe-2", name: "Second cafe" });
    await hub.api("/api/v1/users", { ...manager, role: "site_manager", sites: ["cafe-2"] });
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it("shows the hub's error for a wrong password, then signs in to the seat map", async () => {
    const page = await openPage(browser, hub);
    await page.getByLabel("Email").fill(hub.admin.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^Sign-in failed: .+/);
    expect(await page.getByRole("navigation").count()).toBe(0);
    await shot(page, "login-wrong-password");

    await signIn(page, hub.admin);
    await page.waitForURL(/\/sites\/cafe-1\/map$/);
    const current = page.getByRole("navigation").getByRole("link", { name: "Seat map" });
    expect(await current.getAttribute("aria-current")).toBe("page");
    // The admin sees every site; the manager below must not.
    expect(await page.getByLabel("Site").locator("option").allTextContents()).toEqual([
      "Test site cafe-1",
      "Second cafe",
    ]);
    await shot(page, "login-seat-map");
    await page.context().close();
  });

  it("gives a site manager only the sites they are assigned", async () => {
    const page = await openPage(browser, hub);
    await signIn(page, manager);
    await page.waitForURL(/\/sites\/cafe-2\/map$/);
    expect(await page.getByLabel("Site").locator("option").allTextContents()).toEqual(["Second cafe"]);
    // Typing another site's address does not show it either.
    await page.goto(`${hub.url}/sites/cafe-1/map`);
    await page.waitForURL(/\/sites\/cafe-2\/map$/);
    await shot(page, "login-site-manager");
    await page.context().close();
  });

  it("speaks Korean when the browser prefers ko-KR", async () => {
    const page = await openPage(browser, hub, { locale: "ko" });
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Sitewatch 로그인");
    await signIn(page, hub.admin, "ko");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("ko");
    await page.getByRole("navigation").getByRole("link", { name: "좌석 현황" }).waitFor();
    await shot(page, "login-korean");
    await page.context().close();
  });

  it("logs in through the shared helper with an English default", async () => {
    const page = await loggedInPage(browser, hub);
    expect(await page.getByRole("navigation").getByRole("link", { name: "Statistics" }).count()).toBe(1);
    await shot(page, "login-helper");
    await page.context().close();
  });
});
