import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TestHub } from "@sitewatch/hub/testing";
import { type Browser, chromium, type Page } from "playwright-core";
import { appMessages } from "../src/app/app-messages.js";

/** Debian's chromium: the e2e tests never download a browser. */
export const CHROMIUM = "/usr/bin/chromium";
/** The production build the hub serves; `npx vite build` in dashboard/ makes it. */
export const DIST_DIR = fileURLToPath(new URL("../dist", import.meta.url));
/** Screenshots land here (gitignored). */
export const OUTPUT_DIR = fileURLToPath(new URL("../test-output", import.meta.url));

function unavailable(): string | undefined {
  if (!existsSync(CHROMIUM)) return `no browser at ${CHROMIUM}`;
  if (!existsSync(`${DIST_DIR}/index.html`))
    return `no dashboard build at ${DIST_DIR} (run: cd dashboard && npx vite build)`;
  return undefined;
}

/**
 * Why the browser tests cannot run here, or undefined when they can. Tests use it with
 * `describe.skipIf(browserUnavailable)`; the notice says what to install or build.
 */
export const browserUnavailable: string | undefined = unavailable();
if (browserUnavailable) console.warn(`dashboard e2e tests skipped: ${browserUnavailable}`);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox"],
    timeout: 30_000,
  });
}

export interface PageOptions {
  /** The browser's preferred language (Accept-Language and navigator.languages); default "en". */
  locale?: "en" | "ko";
  viewport?: { width: number; height: number };
}

/** A fresh browser context (own storage), logged in as the hub's admin, on the page after sign-in. */
export async function loggedInPage(browser: Browser, hub: TestHub, opts: PageOptions = {}): Promise<Page> {
  const page = await openPage(browser, hub, opts);
  await signIn(page, hub.admin, opts.locale);
  return page;
}

/** A fresh context on the hub's login screen, not signed in. */
export async function openPage(browser: Browser, hub: TestHub, opts: PageOptions = {}): Promise<Page> {
  const locale = opts.locale === "ko" ? "ko-KR" : "en-US";
  const context = await browser.newContext({
    locale,
    viewport: opts.viewport ?? { width: 1280, height: 800 },
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto(hub.url);
  return page;
}

/** Fills the login form by its labels (in the page's language) and waits for the main navigation. */
export async function signIn(
  page: Page,
  user: { email: string; password: string },
  locale: "en" | "ko" = "en",
): Promise<void> {
  const m = appMessages[locale];
  // The first paint waits for the entry chunk; under a loaded CI box that can take a while.
  await page.getByLabel(m["login.email"]).waitFor({ timeout: 20_000 });
  await page.getByLabel(m["login.email"]).fill(user.email);
  await page.getByLabel(m["login.password"]).fill(user.password);
  await page.getByRole("button", { name: m["login.submit"] }).click();
  await page.getByRole("navigation").first().waitFor();
}

/** Saves a full-page PNG as dashboard/test-output/<name>.png and returns its path. */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const path = `${OUTPUT_DIR}/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}
