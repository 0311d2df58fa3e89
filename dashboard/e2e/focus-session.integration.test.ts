import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserUnavailable, openPage, shot, signIn } from "./browser.js";
import { type DashboardHub, startDashboardHub } from "./dashboard-hub.js";
import {
  FACES_DIR,
  launchWithWebcam,
  makeWebcamClip,
  type WebcamClip,
  webcamUnavailable,
} from "./fake-webcam.js";

// The browser path end to end: Chromium's fake camera plays a real clip (a face, then nobody), the
// production build runs both face models with onnxruntime-web in a worker, sends only numbers over
// Socket.IO, and the hub's state machine answers with an "absent" alert on the learner's screen and
// stores the session's report.
const skip = browserUnavailable ?? webcamUnavailable();
const SITE = "study";
let hub: DashboardHub;
let browser: Browser;
let clip: WebcamClip;
let page: Page;
/** A second signed-in browser context on the managers' live view of the site. */
let manager: Page;
const sentFrames: { binary: boolean; bytes: number }[] = [];
const policyErrors: string[] = [];

beforeAll(async () => {
  if (skip) return;
  // face_noface: ~2.7 s of a face, then ~3.6 s of a title with none; 6 s of black more makes the
  // no-face stretch outlast the default 3 s absent window with room to spare.
  clip = await makeWebcamClip(join(FACES_DIR, "face_noface_h264.mp4"), { blackSeconds: 6 });
  [hub, browser] = await Promise.all([startDashboardHub({ site: SITE }), launchWithWebcam(clip)]);
  page = await openPage(browser, hub);
  await page.context().grantPermissions(["camera"], { origin: hub.url });
  // The hub's CSP and Permissions-Policy must let the page use the camera, a worker and WebAssembly.
  await page.context().addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const holder = window as unknown as { __csp?: string[] };
      holder.__csp = [...(holder.__csp ?? []), `${e.violatedDirective} ${e.blockedURI}`];
    });
  });
  page.on("console", (m) => {
    if (/Content.Security.Policy|Permissions policy/i.test(m.text())) policyErrors.push(m.text());
  });
  page.on("websocket", (ws) =>
    ws.on("framesent", (f) =>
      sentFrames.push({
        binary: typeof f.payload !== "string",
        bytes: typeof f.payload === "string" ? f.payload.length : f.payload.byteLength,
      }),
    ),
  );
  await signIn(page, hub.admin);
  manager = await openPage(browser, hub);
  await signIn(manager, hub.admin);
  await manager.goto(`${hub.url}/sites/${SITE}/focus-live`);
  await manager.getByText("No focus session is running in this site.").waitFor();
}, 120_000);

afterAll(async () => {
  await manager?.context().close();
  await page?.context().close();
  await browser?.close();
  await hub?.close();
  clip?.remove();
});

describe.skipIf(skip)("focus session in Chromium with a fake webcam", () => {
  it("asks first, then measures in the page and shows the hub's absent alert", async () => {
    await page.goto(`${hub.url}/sites/${SITE}/focus`);
    await page.getByRole("heading", { name: "Before you start" }).waitFor();
    await page.getByRole("button", { name: "Turn on the camera and start" }).click();
    await page.locator('[data-camera="true"]').waitFor({ timeout: 20_000 });
    // A state arrives once the worker analysed a frame and the hub answered the sample.
    await page.waitForFunction(
      () => document.querySelector(".focus-state")?.getAttribute("data-state") !== "none",
      undefined,
      { timeout: 30_000 },
    );
    await page.locator('.focus-alert[data-alert="absent"]').waitFor({ timeout: 60_000 });
    expect(await page.getByRole("alert").textContent()).toMatch(/Attention/);
    expect(await page.locator('.focus-alert-list li[data-kind="absent"]').count()).toBeGreaterThan(0);
    const analyses = Number(await page.locator(".focus-page").getAttribute("data-analyses"));
    expect(analyses).toBeGreaterThan(10);
    await shot(page, "focus-absent-alert");
    // The site's managers see the session live, in the state the hub decided.
    await manager.locator('tr[data-session][data-state="absent"]').waitFor({ timeout: 10_000 });
    expect(await manager.locator("tr[data-session]").count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])).toEqual([]);
    expect(policyErrors).toEqual([]);
  }, 120_000);

  it("sends numbers only: no binary frame and no picture-sized message leaves the page", () => {
    expect(sentFrames.length).toBeGreaterThan(10);
    expect(sentFrames.filter((f) => f.binary)).toEqual([]);
    // A focus:sample is a few hundred bytes of JSON; the smallest JPEG of a face is several KB.
    expect(Math.max(...sentFrames.map((f) => f.bytes))).toBeLessThan(2_000);
  });

  it("ends the session, turns the camera off and shows the stored report, also over REST", async () => {
    // Time in a state is counted from the samples that follow it; on a loaded machine the absent alert can
    // be on screen before any has, so let ten more analyses reach the hub before ending.
    const seen = Number(await page.locator(".focus-page").getAttribute("data-analyses"));
    await page.waitForFunction(
      (before) => Number(document.querySelector(".focus-page")?.getAttribute("data-analyses")) >= before + 10,
      seen,
      { timeout: 30_000 },
    );
    await page.getByRole("button", { name: "End session" }).click();
    const report = page.locator(".focus-report[data-session]");
    await report.waitFor({ timeout: 20_000 });
    expect(await page.locator("[data-camera]").count()).toBe(0);
    const session = (await report.getAttribute("data-session")) as string;
    await page.locator(".focus-timeline").waitFor({ timeout: 20_000 });
    const stored = (await hub.api(`/api/v1/sites/${SITE}/attention-sessions/${session}/report`)) as {
      session: string;
      endedAt: number | null;
      alertCounts: Record<string, number>;
      timeline: { state: string }[];
    };
    expect(stored.session).toBe(session);
    expect(stored.endedAt).not.toBeNull();
    expect(stored.alertCounts.absent).toBeGreaterThan(0);
    expect(stored.timeline.map((s) => s.state)).toContain("absent");
    await shot(page, "focus-report");
    await manager.getByText("No focus session is running in this site.").waitFor({ timeout: 10_000 });
  }, 60_000);
});
