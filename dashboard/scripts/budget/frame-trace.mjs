/**
 * Frame figures from a Chrome trace (Playwright's `browser.startTracing` with the devtools.timeline
 * and toplevel categories). rAF intervals alone cannot go below the 16.7 ms vsync, so "frame time" here
 * is the renderer main thread's work per frame: the top-level tasks that started between two
 * consecutive animation frames. A frame whose work exceeds the interval is what makes frames drop.
 */
export const TRACE_CATEGORIES = ["devtools.timeline", "toplevel", "__metadata"];

export function analyseTrace(traceBuffer) {
  const parsed = JSON.parse(traceBuffer.toString("utf8"));
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const mainThreads = new Set(
    events
      .filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain")
      .map((e) => `${e.pid}:${e.tid}`),
  );
  // The page's renderer is the main thread that ran our animation frames (others are idle frames).
  const framesBy = new Map();
  for (const e of events) {
    if (e.name !== "FireAnimationFrame" || !mainThreads.has(`${e.pid}:${e.tid}`)) continue;
    const key = `${e.pid}:${e.tid}`;
    if (!framesBy.has(key)) framesBy.set(key, []);
    framesBy.get(key).push(e.ts);
  }
  const [thread, frameStarts] = [...framesBy.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  if (!thread || frameStarts.length < 3) throw new Error("the trace has no animation frames of the page");
  const starts = [...new Set(frameStarts)].sort((a, b) => a - b);
  const tasks = mergeIntervals(
    events
      .filter(
        (e) =>
          e.ph === "X" &&
          `${e.pid}:${e.tid}` === thread &&
          (e.name === "RunTask" || e.name === "ThreadControllerImpl::RunTask") &&
          typeof e.dur === "number",
      )
      .map((e) => [e.ts, e.ts + e.dur]),
  );
  const work = [];
  const intervals = [];
  let t = 0;
  for (let i = 0; i + 1 < starts.length; i++) {
    const [from, to] = [starts[i], starts[i + 1]];
    let busy = 0;
    while (t < tasks.length && tasks[t][0] < from) t++;
    for (let k = t; k < tasks.length && tasks[k][0] < to; k++) busy += tasks[k][1] - tasks[k][0];
    work.push(busy / 1000);
    intervals.push((to - from) / 1000);
  }
  return { work, intervals };
}

function mergeIntervals(list) {
  const sorted = list.sort((a, b) => a[0] - b[0]);
  const out = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/** Vsync periods skipped: an interval of 2.1 × 16.7 ms means two frames were not produced. */
export function droppedFrames(intervals, vsyncMs = 1000 / 60) {
  return intervals.reduce((sum, ms) => sum + Math.max(0, Math.round(ms / vsyncMs) - 1), 0);
}
