import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  browserUnavailable,
  type DashboardHub,
  launchBrowser,
  openPage,
  shot,
  signIn,
  startDashboardHub,
} from "./harness.js";

// An administrator narrows a signed-in site manager's access on a real hub: the open dashboard
// reacts to the hub's `access:revoked` without a reload (a lost site, then a disabled account).
describe.skipIf(browserUnavailable)("access revoked while signed in", () => {
  let hub: DashboardHub;
  let browser: Browser;
  let userId: string;
  const manager = { email: "night-shift@example.com", password: "night-shift-password-1" };

  /** PATCH as the admin (the hub's helper only does GET and POST). */
  async function patchUser(body: unknown): Promise<void> {
    const res = await fetch(`${hub.url}/api/v1/users/${userId}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${hub.token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  }

  beforeAll(async () => {
    [hub, browser] = await Promise.all([startDashboardHub({ site: "cafe-1" }), launchBrowser()]);
    await hub.api("/api/v1/sites", { id: "cafe-2", name: "Second cafe" });
    const user = await hub.api("/api/v1/users", {
      ...manager,
      role: "site_manager",
      sites: ["cafe-1", "cafe-2"],
    });
    userId = String(user.id);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it("leaves a site taken away mid-view, then signs out with the reason when the account is disabled", async () => {
    const page = await openPage(browser, hub);
    await signIn(page, manager);
    await page.waitForURL(/\/sites\/cafe-1\/map$/);
    await page.locator('.connection[data-state="online"]').waitFor();

    await patchUser({ sites: ["cafe-2"] });
    const alert = page.locator("[data-site-lost]");
    await alert.waitFor();
    expect(await alert.textContent()).toContain("Test site cafe-1 is no longer available to you:");
    await page.waitForURL(/\/sites\/cafe-2\/map$/);
    expect(await page.getByLabel("Site").locator("option").allTextContents()).toEqual(["Second cafe"]);
    await shot(page, "access-site-lost");

    await patchUser({ disabled: true });
    const notice = page.locator("[data-signed-out]");
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/^You were signed out: .+/);
    expect(await page.getByRole("button", { name: "Sign in" }).count()).toBe(1);
    await shot(page, "access-signed-out");
    await page.context().close();
  });
});
