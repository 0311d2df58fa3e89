// The dashboard's end-to-end harness: a real hub serving the production build, Debian's chromium
// driven by playwright-core, and simulated edge devices publishing over MQTT. One import for tests.
export {
  browserUnavailable,
  launchBrowser,
  loggedInPage,
  openPage,
  type PageOptions,
  shot,
  signIn,
} from "./browser.js";
export { type DashboardHub, type DashboardHubOptions, startDashboardHub } from "./dashboard-hub.js";
export { type E2eSession, type E2eSessionOptions, square, useE2eSession } from "./e2e-session.js";
export {
  type SimCamera,
  type SimDevice,
  type SimDeviceOptions,
  simulatedDevice,
} from "./simulated-device.js";
