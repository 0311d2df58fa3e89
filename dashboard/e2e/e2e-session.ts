import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser, loggedInPage } from "./browser.js";
import { type DashboardHub, startDashboardHub } from "./dashboard-hub.js";
import { type SimDevice, type SimDeviceOptions, simulatedDevice } from "./simulated-device.js";

/** A square seat polygon of `size` (normalised) with its top-left corner at (x, y). */
export function square(x: number, y = x, size = 0.2): [number, number][] {
  return [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
  ];
}

export interface E2eSession {
  readonly hub: DashboardHub;
  readonly browser: Browser;
  readonly device: SimDevice;
  /** Logged in as the hub's admin, on `path` of the chosen site. */
  readonly page: Page;
}

export interface E2eSessionOptions {
  site: string;
  device: SimDeviceOptions;
  /** The page to open after login, e.g. "gate" → /sites/<site>/gate; default the seat map. */
  path?: string;
  /** Runs after the device is connected and before the browser logs in (e.g. publish history). */
  prepare?: (session: { hub: DashboardHub; device: SimDevice }) => Promise<void>;
}

/**
 * The setup most dashboard e2e files share, as a fixture: a hub serving the build, a browser, one
 * simulated device and a logged-in page, made in beforeAll and torn down in afterAll (page, device,
 * browser, hub — so nothing outlives a failed test). Read the fields inside tests only.
 */
export function useE2eSession(options: E2eSessionOptions): E2eSession {
  let hub: DashboardHub | undefined;
  let browser: Browser | undefined;
  let device: SimDevice | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    [hub, browser] = await Promise.all([startDashboardHub({ site: options.site }), launchBrowser()]);
    device = await simulatedDevice(hub, options.device);
    await options.prepare?.({ hub, device });
    page = await loggedInPage(browser, hub);
    if (options.path) await page.goto(`${hub.url}/sites/${options.site}/${options.path}`);
  });
  afterAll(async () => {
    await page?.context().close();
    await device?.close();
    await browser?.close();
    await hub?.close();
  });
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`the e2e session's ${name} is only there inside tests`);
    return value;
  };
  return {
    get hub() {
      return ready(hub, "hub");
    },
    get browser() {
      return ready(browser, "browser");
    },
    get device() {
      return ready(device, "device");
    },
    get page() {
      return ready(page, "page");
    },
  };
}
