/**
 * In-page probes for the frame budget: requestAnimationFrame deltas and a count of seat tiles whose
 * `data-state` changed (the seat map's DOM contract: `[data-seat][data-state]`).
 */
export async function installRecorder(page) {
  await page.evaluate(() => {
    const bench = { frames: [], tileChanges: 0, stopped: false };
    globalThis.__budget = bench;
    let last;
    const tick = (t) => {
      if (last !== undefined) bench.frames.push(t - last);
      last = t;
      if (!bench.stopped) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new MutationObserver((records) => {
      for (const r of records) if (r.target.hasAttribute("data-seat")) bench.tileChanges++;
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
  });
}

export async function readRecorder(page) {
  return page.evaluate(() => {
    const bench = globalThis.__budget;
    bench.stopped = true;
    return { frames: bench.frames, tileChanges: bench.tileChanges };
  });
}

/**
 * Checks that `count` random tiles show the state last published for their seat, waiting up to 5 s
 * for the last pushes to land; returns how many match.
 */
export async function sampleTiles(page, seats, count, random) {
  const picked = Array.from({ length: count }, () => seats[Math.floor(random() * seats.length)]);
  const expected = Object.fromEntries(picked.map((s) => [s.id, s.state]));
  const read = () =>
    page.evaluate(
      (ids) =>
        ids.map((id) =>
          document.querySelector(`[data-seat="${CSS.escape(id)}"]`)?.getAttribute("data-state"),
        ),
      Object.keys(expected),
    );
  const deadline = Date.now() + 5_000;
  let shown = await read();
  const matches = () => Object.values(expected).filter((state, i) => shown[i] === state).length;
  while (matches() < Object.keys(expected).length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    shown = await read();
  }
  return { matching: matches(), total: Object.keys(expected).length };
}
