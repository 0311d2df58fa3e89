import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";

/**
 * The production dashboard's gate page in headless Chromium, with the browser's own clock noting when
 * each gate-log row first shows and when each live frame is drawn (performance.timeOrigin + now():
 * epoch ms on the same clock as the agent and the hub, all on one machine).
 */
export const CHROMIUM = "/usr/bin/chromium";
export const DASHBOARD = fileURLToPath(new URL("../../dashboard/dist/index.html", import.meta.url));

export interface ShownFrame {
  at: number;
  /** Boxes drawn over it, by capture state (tracking, capturing, captured). */
  states: string[];
}

export interface GateTab {
  /** Pauses the page's live view (the page watches live by default while in view). */
  pause(): Promise<void>;
  /** Resumes it; returns when the click was made (epoch ms). */
  watchLive(): Promise<number>;
  /** Entry id → when its row first showed. */
  rowsSeen(): Promise<Record<string, number>>;
  /** Live frames drawn since the page opened. */
  framesShown(): Promise<ShownFrame[]>;
  /** Closes the tab as a user does (no unwatch: the page is just gone); returns when (epoch ms). */
  closeTab(): Promise<number>;
  close(): Promise<void>;
}

// A string, because this package is type-checked without the DOM library.
const OBSERVE = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const rows = (window.__rows = {});
  const frames = (window.__frames = []);
  let src;
  const note = () => {
    const at = now();
    for (const row of document.querySelectorAll("tbody tr[data-id]")) rows[row.getAttribute("data-id")] ??= at;
    const img = document.querySelector(".live-frame img");
    const next = img ? img.getAttribute("src") : undefined;
    if (next && next !== src) {
      const states = [...document.querySelectorAll(".live-box")].map((b) => b.getAttribute("data-state"));
      frames.push({ at, states });
    }
    src = next;
  };
  note();
  new MutationObserver(note).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["src"] });
})()`;

export async function openGateTab(
  hubUrl: string,
  login: { email: string; password: string },
  site: string,
): Promise<GateTab> {
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox"],
  });
  const page: Page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
  page.setDefaultTimeout(30_000);
  await page.goto(hubUrl);
  await page.getByLabel("Email").fill(login.email);
  await page.getByLabel("Password").fill(login.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation").first().waitFor({ timeout: 30_000 });
  await page.goto(`${hubUrl}/sites/${site}/gate`);
  await page.getByLabel("Container number").waitFor();
  await page.evaluate(OBSERVE);

  return {
    async pause() {
      await page.getByRole("button", { name: "Pause" }).click();
      await page.getByText("Paused.").waitFor();
    },
    async watchLive() {
      const button = page.getByRole("button", { name: "Watch live" });
      await button.waitFor();
      const at = Date.now();
      await button.click();
      return at;
    },
    rowsSeen: async () => (await page.evaluate("window.__rows")) as Record<string, number>,
    framesShown: async () => (await page.evaluate("window.__frames")) as ShownFrame[],
    async closeTab() {
      const at = Date.now();
      await page.close();
      return at;
    },
    async close() {
      await browser.close();
    },
  };
}
