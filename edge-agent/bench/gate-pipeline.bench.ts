import "../src/polyfills.js";
import { existsSync } from "node:fs";
import { cpus } from "node:os";
import { gateMediaUnavailableReason, rtspUnavailableReason } from "@sitewatch/testkit";
import { type BenchRow, reportBench } from "@sitewatch/testkit/bench";
import {
  type HubLiveFrames,
  untilQuiet,
  watchHubLiveFrames,
} from "../src/agent/hub-live-frames.test-support.js";
import { cpuPercent } from "./agent-process.js";
import { type LeaveResult, observeLeave, QUIET_MS, socketViewer, watchToHub } from "./gate-live-leave.js";
import { inRun, type PassageRun, passageRuns, scorePassages } from "./gate-passages.js";
import { leaveRows, phaseRows, tabRows } from "./gate-pipeline-rows.js";
import { CAMERA, DEVICE, type GateRig, SITE, startGateRig } from "./gate-rig.js";
import { CHROMIUM, DASHBOARD, type GateTab, openGateTab } from "./gate-tab.js";

// Issue 14: the gate pipeline on the real gate clip, end to end. A real hub, the generated clip of five
// trucks looping on an RTSP camera, `edge-agent run` with the demo's gate camera, and the production
// dashboard's gate page in headless Chromium. Phase 1: nobody watches live (the page's live view
// paused); phase 2: the page watches live; phase 3: viewers come and go. `--quick` measures fewer
// passages and only prints.
const QUICK = process.argv.includes("--quick");
const UNWATCHED_PASSAGES = QUICK ? 3 : 7;
const WATCHED_PASSAGES = QUICK ? 2 : 4;
const SOCKET_LEAVES = QUICK
  ? (["unwatch", "socket closed"] as const)
  : (["unwatch", "socket closed", "unwatch", "socket closed"] as const);
/** How long after a phase's last passage its entry may take before the phase ends without it. */
const LAST_ENTRY_WAIT_MS = 15_000;
const began = Date.now();
const log = (line: string) =>
  console.error(`[gate-pipeline ${((Date.now() - began) / 1000).toFixed(0).padStart(3)} s] ${line}`);

const unavailable =
  gateMediaUnavailableReason() ??
  rtspUnavailableReason() ??
  (existsSync(CHROMIUM) ? undefined : `no browser at ${CHROMIUM}`) ??
  (existsSync(DASHBOARD) ? undefined : "no dashboard build (cd dashboard && npx vite build)");
if (unavailable) {
  log(`skipped: ${unavailable}`);
  process.exit(0);
}

const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
const cpuNow = (rig: GateRig) => ({ at: Date.now(), cpu: rig.agent.cpuSeconds() });

/** Waits for the passage's end and an entry from it (or LAST_ENTRY_WAIT_MS after its end). */
async function lastEntry(rig: GateRig, run: PassageRun | undefined): Promise<void> {
  if (!run) return;
  await sleepUntil(run.endsAt);
  while (Date.now() < run.endsAt + LAST_ENTRY_WAIT_MS) {
    if (rig.entries.some(({ entry }) => inRun(run, entry))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The next `count` whole passages that start at or after `from`. */
function nextRuns(rig: GateRig, from: number, count: number) {
  const { durationS, passages } = rig.clip.timeline;
  const to = from + (Math.ceil(count / passages.length) + 1) * durationS * 1000;
  return passageRuns(rig.clip, rig.clipStart, from, to).slice(0, count);
}

const rig = await startGateRig(log);
let tab: GateTab | undefined;
let frames: HubLiveFrames | undefined;
let rows: BenchRow[] = [];
try {
  frames = await watchHubLiveFrames(rig.hub.url);
  tab = await openGateTab(rig.hub.url, rig.hub.admin, SITE);
  // The page watches live as soon as it opens; paused, the camera should stop streaming.
  await tab.pause();
  await untilQuiet(frames, Date.now(), 3_000, 30_000);
  log("gate page open, its live view paused");

  const unwatched = nextRuns(rig, Date.now(), UNWATCHED_PASSAGES);
  log(`phase 1 (nobody watching live): ${unwatched.length} passages…`);
  const cpu1 = cpuNow(rig);
  await lastEntry(rig, unwatched.at(-1));
  const cpu1End = cpuNow(rig);
  const rss1 = rig.agent.rssMb();

  const clickAt = await tab.watchLive();
  const watched = nextRuns(rig, clickAt, WATCHED_PASSAGES);
  log(`phase 2 (the page watching live): ${watched.length} passages…`);
  await lastEntry(rig, watched.at(-1));
  await new Promise((r) => setTimeout(r, 1_000)); // its row reaches the page
  const cpu2End = cpuNow(rig);
  const rss2 = rig.agent.rssMb();
  const rowsSeen = await tab.rowsSeen();
  const shown = (await tab.framesShown()).filter((f) => f.at >= clickAt);
  const firstShown = shown[0]?.at ?? Number.NaN;
  const tabWatchToHub = await watchToHub(frames, clickAt);

  log("phase 3: viewers leave (tab closed, then Socket.IO viewers)…");
  const counted = frames;
  const openTab = tab;
  const leaves: LeaveResult[] = [
    {
      how: "tab closed",
      watchToViewerMs: Math.round(firstShown - clickAt),
      watchToHubMs: tabWatchToHub,
      ...(await observeLeave(counted, () => openTab.closeTab())),
    },
  ];
  const address = { site: SITE, device: DEVICE, camera: CAMERA };
  for (const how of SOCKET_LEAVES) leaves.push(await socketViewer(rig.connect, counted, address, how, 2_000));
  for (const l of leaves)
    log(
      `${l.how}: watch → viewer ${l.watchToViewerMs} ms, → hub ${l.watchToHubMs} ms; left → last frame ${l.leaveToLastFrameMs} ms, ${l.framesAfterLeave} after, quiet ${l.quietForMs} ms`,
    );

  const score1 = scorePassages(unwatched, rig.entries, rowsSeen, rig.activity);
  const score2 = scorePassages(watched, rig.entries, rowsSeen, rig.activity);
  for (const line of [...score1.lines, ...score2.lines]) log(line);
  for (const wrong of [...score1.wrongValid, ...score2.wrongValid]) log(`WRONG VALID ${wrong}`);
  const seconds = (a: { at: number }, b: { at: number }) => (b.at - a.at) / 1000;
  rows = [
    ...phaseRows(
      "nobody watching live",
      { score: score1, cpuPct: cpuPercent(cpu1, cpu1End), seconds: seconds(cpu1, cpu1End), rssMb: rss1 },
      true,
    ),
    ...phaseRows(
      "gate page watching live",
      {
        score: score2,
        cpuPct: cpuPercent(cpu1End, cpu2End),
        seconds: seconds(cpu1End, cpu2End),
        rssMb: rss2,
      },
      false,
    ),
    ...tabRows(shown, (cpu2End.at - clickAt) / 1000),
    ...leaveRows(leaves),
  ];
} catch (err) {
  log(`failed: ${(err as Error).stack ?? err}`);
  log(`agent output:\n${rig.agent.output()}`);
  process.exitCode = 1;
} finally {
  await frames?.stop();
  await tab?.close();
  await rig.close();
  log("stopped");
}

const how = [
  `Everything on this machine (${cpus().length} cores, shared with whatever else runs): a real hub (PGlite,`,
  "embedded broker), the generated gate clip (testkit gate-clip: 5 trucks, one container code each, two views per",
  "truck, 1280×720 at 10 fps, 60 s) looping on an RTSP camera, `edge-agent run` as its own process with the demo's",
  "gate camera (1 s idle interval, 0.5 s while a vehicle is in view, detector score ≥ 0.1, centernet and PP-OCRv4 on",
  "2 threads), and the production dashboard's gate page in headless Chromium. Only whole passages after the camera",
  "streamed count; an entry belongs to the passage on screen at its best frame. Passage end is the clip's last frame",
  "with the truck in view, on the wall clock from when the camera started playing (±0.2 s); the row time is a",
  "MutationObserver in the page. Agent CPU from /proc (its own process and threads). Live frames are counted at the",
  "hub (sitewatch_ingest_accepted_total{kind=liveFrame}, polled every 100 ms): a viewer watches, then leaves by",
  `live:unwatch, by closing its Socket.IO connection, or by closing the tab; the hub then must see no frame for ${QUIET_MS / 1000} s.`,
  "`npm run bench -w @sitewatch/edge-agent`.",
].join(" ");
if (rows.length > 0) {
  if (QUICK) console.table(rows);
  else reportBench("gate pipeline", rows, how);
}
process.exit(process.exitCode ?? 0);
