import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { encodeMessage, PROTOCOL_VERSION, topics } from "@sitewatch/shared-protocol";
import mqtt from "mqtt";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FreshHub, startFreshHub } from "./fresh-hub.js";
import { browserUnavailable, launchBrowser, shot } from "./harness.js";

// Issue #17 item 1: a fresh `hub start` to a live seat map in the browser, the admin pages on the
// way. Only the installer's part (enrolling the edge device with the token the page showed) is done
// from here, as `edge-agent init` and the agent would: REST enrolment, then MQTT.
const IMAGES = fileURLToPath(new URL("../../docs/images", import.meta.url));
// README screenshots are rewritten only when asked, so ordinary runs leave the repository alone.
const readmeShots = process.env.SCREENSHOTS === "1";

/** A fresh browser context (own storage) on the hub's login page. */
async function loginPage(browser: Browser, hub: FreshHub): Promise<Page> {
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto(hub.url);
  await page.getByLabel("Email").waitFor({ timeout: 20_000 });
  return page;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await shot(page, name);
  if (!readmeShots) return;
  mkdirSync(IMAGES, { recursive: true });
  await page.screenshot({ path: `${IMAGES}/${name}.png`, fullPage: true });
}

/** What the installer's agent does with the token: enrol over REST, then say "online" over MQTT. */
async function installDevice(hub: FreshHub, token: string, site: string, device: string) {
  const res = await fetch(`${hub.url}/api/v1/devices/enroll`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token, deviceId: device, name: "Front room box" }),
  });
  expect(res.status).toBe(201);
  const { mqtt: account } = (await res.json()) as { mqtt: { username: string; password: string } };
  const client = await mqtt.connectAsync(hub.mqttUrl, {
    clientId: account.username,
    username: account.username,
    password: account.password,
    reconnectPeriod: 0,
  });
  const online = encodeMessage("availability", {
    v: PROTOCOL_VERSION,
    state: "online",
    ts: Date.now(),
    agentVersion: "0.1.0",
  });
  await client.publishAsync(topics.availability({ site, device }), online, { qos: 1, retain: true });
  return client;
}

describe.skipIf(browserUnavailable)("admin flow from a fresh hub", () => {
  let hub: FreshHub;
  let browser: Browser;
  let page: Page;
  let device: mqtt.MqttClient | undefined;

  beforeAll(async () => {
    [hub, browser] = await Promise.all([startFreshHub(), launchBrowser()]);
    page = await loginPage(browser, hub);
  }, 90_000);
  afterAll(async () => {
    await page?.context().close();
    await device?.endAsync();
    await browser?.close();
    await hub?.close();
  });

  it("changes the printed password, creates a site and a token, and opens the seat map once a device is online", async () => {
    await page.getByLabel("Email").fill(hub.admin.email);
    await page.getByLabel("Password").fill(hub.admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();

    await page.getByRole("heading", { name: "Choose your password" }).waitFor();
    await screenshot(page, "admin-change-password");
    await page.getByLabel("Current (one-time) password").fill(hub.admin.password);
    await page.getByLabel("New password", { exact: true }).fill("my-own-password-1");
    await page.getByLabel("Repeat the new password").fill("my-own-password-1");
    await page.getByRole("button", { name: "Change password" }).click();

    // The wizard is its own chunk, loaded only now; a busy machine may take a while.
    await page.getByRole("heading", { name: "Set up Sitewatch" }).waitFor({ timeout: 20_000 });
    expect(page.url()).toBe(`${hub.url}/setup`);
    await page.getByLabel("Name", { exact: true }).fill("Study Café Gangnam");
    await page.getByLabel(/^Site ID/).fill("gangnam-1");
    await page.getByLabel("Time zone").selectOption("Asia/Seoul");
    await screenshot(page, "admin-setup-site");
    await page.getByRole("button", { name: "Create site" }).click();

    await page.getByRole("button", { name: "Create token" }).click();
    const created = page.locator(".created-token");
    const token = (await created.locator('[data-copy="token"]').textContent()) ?? "";
    expect(token.length).toBeGreaterThan(10);
    expect(await created.locator('[data-copy="command"]').textContent()).toBe(
      `edge-agent init --hub ${hub.url} --token ${token}`,
    );
    await screenshot(page, "admin-setup-token");
    await page.getByRole("button", { name: "I ran the command" }).click();
    const open = page.getByRole("button", { name: "Open the seat map" });
    expect(await open.isDisabled()).toBe(true);

    device = await installDevice(hub, token, "gangnam-1", "edge-1");
    await page.getByText("Front room box is online.").waitFor();
    await screenshot(page, "admin-setup-device");
    await open.click();
    await page.waitForURL(`${hub.url}/sites/gangnam-1/map`);
    const map = page.getByRole("navigation").getByRole("link", { name: "Seat map" });
    expect(await map.getAttribute("aria-current")).toBe("page");
    expect(await page.getByLabel("Site").locator("option").allTextContents()).toEqual(["Study Café Gangnam"]);
  });

  it("shows the site's settings with the device online, its agent version and config revision", async () => {
    await page.getByRole("navigation").getByRole("link", { name: "Settings", exact: true }).click();
    const card = page.locator('article[data-device="edge-1"]');
    await card.waitFor();
    expect(await card.locator('[data-fact="status"]').textContent()).toBe("online");
    expect(await card.locator('[data-fact="agent"]').textContent()).toBe("0.1.0");
    await page.getByLabel("Seat-held alert after (minutes)").fill("45");
    await page.getByRole("button", { name: "Save" }).first().click();
    await page.getByRole("status").filter({ hasText: "Saved" }).waitFor();
    await screenshot(page, "admin-settings");
  });

  it("invites a site manager with a one-time password and creates an API token", async () => {
    await page.getByRole("link", { name: "Admin" }).click();
    await page.waitForURL(`${hub.url}/admin/sites`);
    await page.locator('tr[data-site="gangnam-1"]').waitFor();
    expect(await page.locator('tr[data-site="gangnam-1"]').textContent()).toContain("held > 45 min");
    await screenshot(page, "admin-sites");

    await page.getByRole("link", { name: "Users" }).click();
    const invite = page.getByRole("form", { name: "Invite user" });
    await invite.getByLabel("Email").fill("manager@example.com");
    await invite.getByLabel("Name", { exact: true }).fill("Kim Manager");
    await invite.getByRole("checkbox", { name: "Study Café Gangnam" }).check();
    await invite.getByRole("button", { name: "Invite user" }).click();
    const password = (await page.locator('[data-copy="password"]').textContent()) ?? "";
    expect(password.length).toBeGreaterThanOrEqual(8);
    await page.locator('tr[data-user="manager@example.com"]').waitFor();
    await screenshot(page, "admin-users");

    await page.getByRole("link", { name: "API tokens" }).click();
    await page.getByLabel("Name", { exact: true }).fill("grafana");
    await page.getByRole("button", { name: "Create token" }).click();
    const secret = (await page.locator('[data-copy="api-token"]').textContent()) ?? "";
    await page.locator('tr[data-api-token="grafana"]').waitFor();
    await screenshot(page, "admin-tokens");
    // The read token reads, and is refused a write.
    const auth = { authorization: `Bearer ${secret}` };
    expect((await fetch(`${hub.url}/api/v1/sites`, { headers: auth })).status).toBe(200);
    const write = await fetch(`${hub.url}/api/v1/sites`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ id: "nope", name: "Nope" }),
    });
    expect(write.status).toBe(403);

    // The invited manager signs in with the one-time password and must choose their own first.
    const other = await loginPage(browser, hub);
    await other.getByLabel("Email").fill("manager@example.com");
    await other.getByLabel("Password").fill(password);
    await other.getByRole("button", { name: "Sign in" }).click();
    await other.getByRole("heading", { name: "Choose your password" }).waitFor();
    await other.context().close();
  });
});
