import "../../../polyfills.js";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startTestHub, type TestHub } from "@sitewatch/hub/testing";
import { h264TestClip, rtspUnavailableReason, startRtspServer } from "@sitewatch/testkit";
import { type Browser, chromium, type Page } from "playwright-core";
import { type Agent, createAgent } from "../../../agent/create-agent.js";
import { saveAgentConfig } from "../../../agent-config/agent-config-file.js";
import { enrollWithHub } from "../../../agent-config/hub-client.js";
import { openDelivery } from "../../../delivery/delivery.js";
import { createDetector } from "../../../vision/detect/create-detector.js";

/**
 * The whole live-HLS chain on real parts, for the chain test and the latency benchmark: a looping RTSP
 * camera (vtest.avi, a keyframe every second), a real hub serving the built dashboard, an enrolled edge
 * agent analysing that camera, and headless Chromium signed in to the dashboard.
 */

const CHROMIUM = "/usr/bin/chromium";
const DASHBOARD = fileURLToPath(new URL("../../../../../dashboard/dist/index.html", import.meta.url));
export const CHAIN_SITE = "hls-site";
const DEVICE = "edge-hls";
const CAMERA = "entrance";

export interface HlsChain {
  hub: TestHub;
  agent: Agent;
  browser: Browser;
  /** Opens the site's Archive page in a new tab (the camera is the site's only one). */
  openArchive(): Promise<Page>;
  /** Live segments the hub has stored so far, from its metrics. */
  segmentsStored(): Promise<number>;
  stop(): Promise<void>;
}

/** Why the chain cannot run here, or undefined. */
export function hlsChainUnavailable(): string | undefined {
  return (
    rtspUnavailableReason() ??
    (existsSync(CHROMIUM) ? undefined : `no browser at ${CHROMIUM}`) ??
    (existsSync(DASHBOARD) ? undefined : "no dashboard build (npm run build)")
  );
}

export async function startHlsChain(log: (line: string) => void = () => {}): Promise<HlsChain> {
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const dir = await mkdtemp(join(tmpdir(), "hls-chain-"));
    stops.push(() => rm(dir, { recursive: true, force: true }));
    const hub = await startTestHub({ site: CHAIN_SITE });
    stops.push(() => hub.close());
    const camera = await startRtspServer({ clip: h264TestClip(undefined, 10), loop: true });
    stops.push(() => camera.stop());
    const enrolled = await enrollWithHub(hub.url, { token: await hub.newToken(), deviceId: DEVICE });
    const entrance = { id: CAMERA, name: "Entrance", role: "seats" };
    await hub.api(`/api/v1/sites/${CHAIN_SITE}/devices/${DEVICE}/cameras`, entrance);
    const dataDir = join(dir, "data");
    const config = await saveAgentConfig(join(dir, "agent.json"), {
      hub: { url: hub.url, mqttUrl: hub.mqttUrl },
      device: { site: CHAIN_SITE, id: DEVICE },
      dataDir,
      cameras: [{ id: CAMERA, name: "Entrance", url: camera.url(), intervalMs: 5_000, seats: [] }],
    });
    const credentials = { username: enrolled.mqtt.username, password: enrolled.mqtt.password };
    const agent = createAgent({
      config,
      dataDir,
      credentials,
      // A seats camera analysed every 5 s while it streams: the agent's usual work goes on beside HLS.
      detector: await createDetector({ threads: 1 }),
      delivery: openDelivery({
        dataDir,
        site: CHAIN_SITE,
        device: DEVICE,
        mqtt: { url: hub.mqttUrl, ...credentials },
      }),
      saveConfig: async () => undefined,
      log: (line) => log(`agent: ${line}`),
    });
    agent.start();
    stops.push(() => agent.stop());
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox"],
    });
    stops.push(() => browser.close());
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
    const signIn = await context.newPage();
    await signIn.goto(hub.url);
    await signIn.getByLabel("Email").fill(hub.admin.email);
    await signIn.getByLabel("Password").fill(hub.admin.password);
    await signIn.getByRole("button", { name: "Sign in" }).click();
    await signIn.getByRole("navigation").first().waitFor({ timeout: 20_000 });
    await signIn.close();
    return {
      hub,
      agent,
      browser,
      async openArchive() {
        const page = await context.newPage();
        await page.goto(`${hub.url}/sites/${CHAIN_SITE}/archive`);
        return page;
      },
      async segmentsStored() {
        const text = await (await fetch(`${hub.url}/metrics`)).text();
        const stored = /^sitewatch_live_hls_segments_total\{outcome="stored"\} (\S+)$/m.exec(text)?.[1];
        return Number(stored ?? 0);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Waits for the live picture and explains what the page shows when it does not come. */
export async function waitForLivePicture(page: Page, timeoutMs: number): Promise<void> {
  await page
    .locator(".live-latency")
    .waitFor({ timeout: timeoutMs })
    .catch(async (error: Error) => {
      const shown = await page
        .locator(".archive-page")
        .textContent()
        .catch(() => "(no archive page)");
      throw new Error(`no live picture within ${timeoutMs} ms; the page shows:\n${shown}`, { cause: error });
    });
}

/** How far behind the camera the player is now, as the page shows it. */
export async function shownLatencyMs(page: Page): Promise<number | undefined> {
  const value = await page
    .locator(".live-latency")
    .getAttribute("data-latency-ms", { timeout: 1_000 })
    .catch(() => null);
  return value === null ? undefined : Number(value);
}
