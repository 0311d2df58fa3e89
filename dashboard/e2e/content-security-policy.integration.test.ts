import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  browserUnavailable,
  type DashboardHub,
  launchBrowser,
  type SimDevice,
  signIn,
  simulatedDevice,
  square,
  startDashboardHub,
} from "./harness.js";

// The hub's Content-Security-Policy against the real production build in chromium: every page used
// here must load, run and update live without the browser blocking anything.
let hub: DashboardHub;
let browser: Browser;
let device: SimDevice;
let page: Page;
const violations: string[] = [];

beforeAll(async () => {
  [hub, browser] = await Promise.all([startDashboardHub({ site: "cafe" }), launchBrowser()]);
  device = await simulatedDevice(hub, {
    device: "edge-1",
    cameras: [{ id: "cam-1", seats: [{ id: "1A", polygon: square(0.1, 0.1) }] }],
  });
  const now = Date.now();
  await device.seatChange("cam-1", "1A", "empty", "occupied", { at: now - 30 * 60_000 });
  await device.seatChange("cam-1", "1A", "occupied", "empty", { at: now - 5 * 60_000, stayMs: 25 * 60_000 });
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(15_000);
  // Registered before any page script runs, so a violation during the first paint counts too.
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const holder = window as unknown as { __csp?: string[] };
      holder.__csp = [...(holder.__csp ?? []), `${e.violatedDirective} ${e.blockedURI}`];
    });
  });
  page = await context.newPage();
  page.on("console", (m) => {
    if (/Content.Security.Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.goto(hub.url);
  await signIn(page, hub.admin);
}, 120_000);

afterAll(async () => {
  await page?.context().close();
  await device?.close();
  await browser?.close();
  await hub?.close();
});

async function pageViolations(): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}

describe.skipIf(browserUnavailable)("content security policy", () => {
  it("is sent with the dashboard", async () => {
    const res = await page.request.get(`${hub.url}/`);
    expect(res.headers()["content-security-policy"]).toContain("script-src 'self'");
    expect(res.headers()["x-frame-options"]).toBe("DENY");
  });

  it("lets the seat map load and update live over Socket.IO", async () => {
    await page.goto(`${hub.url}/sites/cafe/map`);
    const tile = page.locator('[data-seat="1A"]');
    await tile.waitFor();
    await device.seatChange("cam-1", "1A", "empty", "held");
    await page.waitForFunction(
      () => document.querySelector('[data-seat="1A"]')?.getAttribute("data-state") === "held",
    );
    expect(await pageViolations()).toEqual([]);
  });

  it("lets the statistics charts draw and show their tooltips", async () => {
    await page.goto(`${hub.url}/sites/cafe/stats`);
    await page.waitForFunction(() => document.querySelector(".chart-canvas canvas") !== null);
    const chart = page.locator(".chart-canvas").first();
    const box = await chart.boundingBox();
    if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForTimeout(500);
    expect(await pageViolations()).toEqual([]);
  });

  it("lets the API docs (Swagger UI) render", async () => {
    await page.goto(`${hub.url}/api/docs`);
    await page.locator(".swagger-ui .info .title").waitFor();
    expect(await pageViolations()).toEqual([]);
    expect(violations).toEqual([]);
  });
});
