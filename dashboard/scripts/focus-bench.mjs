// Browser benchmark 3 (issue 15): the Focus page's analyses per second and main-thread time per
// analysis in headless Chromium, onnxruntime-web on the CPU (WebAssembly, one thread, in a worker).
// A real hub serves the production build and the models; Chromium's fake camera plays a real face clip.
// Run after `npx vite build` (dashboard) and `npm run build -w @sitewatch/hub`:
//   node dashboard/scripts/focus-bench.mjs            (writes its section of docs/benchmarks.md)
//   node dashboard/scripts/focus-bench.mjs --quick    (10 s, prints only)
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

const QUICK = process.argv.includes("--quick");
const WARMUP_S = QUICK ? 3 : 10;
const SECONDS = QUICK ? 10 : 60;
const TARGET_RATE = 30;
const log = (msg) => console.log(`[focus-bench] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const watchdog = setTimeout(() => {
  console.error("[focus-bench] gave up after 5 minutes");
  process.exit(1);
}, 300_000);
const cleanups = [];

/** The page's running totals (focus-page.tsx puts them on the page element once a second). */
async function totals(page, cdp) {
  const attrs = await page.locator(".focus-page").evaluate((el) => ({
    analyses: Number(el.getAttribute("data-analyses")),
    mainMs: Number(el.getAttribute("data-main-ms")),
    workerMs: Number(el.getAttribute("data-worker-ms")),
  }));
  const { metrics } = await cdp.send("Performance.getMetrics");
  const taskS = metrics.find((m) => m.name === "TaskDuration")?.value ?? 0;
  return { ...attrs, taskMs: taskS * 1000, at: performance.now() };
}

try {
  const dist = fileURLToPath(new URL("../dist/index.html", import.meta.url));
  if (!existsSync(dist)) throw new Error("no dashboard build: run `npx vite build` in dashboard/ first");
  const harness = await tsImport("../e2e/harness.ts", import.meta.url);
  const webcam = await tsImport("../e2e/fake-webcam.ts", import.meta.url);
  const why = harness.browserUnavailable ?? webcam.webcamUnavailable();
  if (why) throw new Error(why);

  // One face in webcam framing the whole time (the clip loops): every frame runs both models.
  const clip = await webcam.makeWebcamClip(join(webcam.FACES_DIR, "single_face.mp4"), { fps: 30 });
  cleanups.push(() => clip.remove());
  const hub = await harness.startDashboardHub({ site: "bench" });
  cleanups.push(() => hub.close());
  const browser = await webcam.launchWithWebcam(clip);
  cleanups.push(() => browser.close());
  const page = await harness.openPage(browser, hub);
  await page.context().grantPermissions(["camera"], { origin: hub.url });
  await harness.signIn(page, hub.admin);
  await page.goto(`${hub.url}/sites/bench/focus`);
  const started = performance.now();
  await page.getByRole("button", { name: "Turn on the camera and start" }).click();
  await page.waitForFunction(
    () => Number(document.querySelector(".focus-page")?.getAttribute("data-analyses")) > 0,
    undefined,
    {
      timeout: 60_000,
    },
  );
  const firstMs = performance.now() - started;
  log(`first analysis ${firstMs.toFixed(0)} ms after the start click (camera, wasm, models); warming up…`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  await sleep(WARMUP_S * 1000);
  const a = await totals(page, cdp);
  const load = loadavg()[0] ?? 0;
  log(`measuring for ${SECONDS} s…`);
  await sleep(SECONDS * 1000);
  const b = await totals(page, cdp);
  const analyses = b.analyses - a.analyses;
  if (analyses <= 0) throw new Error("no analyses during the measurement");
  const rate = (analyses * 1000) / (b.at - a.at);
  const state = await page.locator(".focus-state").getAttribute("data-state");
  await harness.shot(page, "focus-bench");

  const rows = [
    {
      name: "analyses per second (camera 30 fps, one face)",
      value: rate,
      unit: "per s",
      target: `up to ${TARGET_RATE}/s`,
    },
    {
      name: "page's own main-thread work per analysis (answer → focus:sample)",
      value: (b.mainMs - a.mainMs) / analyses,
      unit: "ms",
    },
    {
      name: "all main-thread task time per analysis (incl. rendering, Socket.IO)",
      value: (b.taskMs - a.taskMs) / analyses,
      unit: "ms",
    },
    {
      name: "worker time per analysis (pixels → both models → FaceSample)",
      value: (b.workerMs - a.workerMs) / analyses,
      unit: "ms",
    },
    { name: "start click → first analysis (camera, wasm, models)", value: firstMs, unit: "ms" },
  ];
  console.table(rows.map((r) => ({ ...r, value: Number(r.value.toFixed(2)) })));
  log(`state shown at the end: ${state}`);
  if (!QUICK) {
    const { reportBench } = await tsImport("@sitewatch/testkit/bench", import.meta.url);
    reportBench(
      "focus page in the browser",
      rows,
      `Production build served by a real hub; headless Chromium (${await browser.version()}) with a fake ` +
        "camera playing shared/media/faces/single_face.mp4 (640×360, 30 fps, looped); onnxruntime-web " +
        "WebAssembly on the CPU, one thread, in a Web Worker; blazeface + facemesh from the hub; every " +
        `analysis sent as focus:sample to the hub. ${WARMUP_S} s warm-up, then ${SECONDS} s measured. ` +
        "The worker reads the camera itself (MediaStreamTrackProcessor stream transferred to it), so the page's " +
        "own work per analysis is handling the answer and emitting the sample (performance.now() sums); all task time = CDP " +
        "Performance.getMetrics TaskDuration of the renderer's main thread over the same window ÷ analyses. " +
        `Hub and browser share the machine's cores (1-min load average ${load.toFixed(1)} when measuring). ` +
        "`node dashboard/scripts/focus-bench.mjs`.",
    );
  }
} catch (err) {
  console.error(`[focus-bench] ${err instanceof Error ? err.stack : err}`);
  process.exitCode = 1;
} finally {
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  clearTimeout(watchdog);
}
