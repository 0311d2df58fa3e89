import type { FocusStarted } from "@sitewatch/shared-protocol";
import { eventually } from "@sitewatch/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type FocusFixture, ok, open, startFocusHub } from "./focus.test-support.js";

// The default per-session bounds (40 samples/s, burst 40, capture times at most 5 s ahead), a short
// idle timeout so the test sees a session end by itself.
let fx: FocusFixture;

beforeAll(async () => {
  fx = await startFocusHub({ idleMs: 600, sweepMs: 50 });
});
afterAll(() => fx?.close());

const dropped = async (reason: string) =>
  (await fx.hub.parts.roles.attention.focus.metrics.samplesDropped.get()).values.find(
    (v) => v.labels.reason === reason,
  )?.value ?? 0;

it("drops and counts what a flooding, repeating or clock-jumping client sends, then ends it when idle", async () => {
  const learner = await fx.connect(fx.tokens.learner);
  const { session } = await ok<FocusStarted>(learner.socket, "focus:start", {
    site: "site-a",
    source: "browser",
  });
  const at = Date.now();
  for (let seq = 0; seq < 400; seq++) learner.socket.emit("focus:sample", { session, seq, at, face: open });
  await eventually(
    "all 400 handled",
    async () => learner.seen.states.length + (await dropped("rate")) === 400,
    5_000,
    20,
  );
  // The burst, plus what the bucket refilled while the flood arrived.
  expect(learner.seen.states.length).toBeGreaterThanOrEqual(40);
  expect(learner.seen.states.length).toBeLessThan(60);
  expect(await dropped("rate")).toBeGreaterThan(340);

  // Long enough for the bucket to hold the four samples below again.
  await new Promise((r) => setTimeout(r, 300));
  const answered = learner.seen.states.length;
  const last = learner.seen.states.at(-1)?.seq ?? 0;
  learner.socket.emit("focus:sample", { session, seq: last, at: at + 50, face: open });
  learner.socket.emit("focus:sample", { session, seq: last + 1, at: at - 1_000, face: open });
  learner.socket.emit("focus:sample", { session, seq: last + 2, at: at + 60_000, face: open });
  learner.socket.emit("focus:sample", { session, seq: last + 3, at: at + 100, face: null });
  await eventually("the good one answered", () => learner.seen.states.length === answered + 1, 5_000, 20);
  expect(learner.seen.states.at(-1)).toMatchObject({ seq: last + 3 });
  expect(await dropped("duplicate")).toBe(1);
  expect(await dropped("order")).toBe(1);
  expect(await dropped("clock")).toBe(1);

  const ended = await eventually("ended when idle", () => learner.seen.ended[0], 5_000, 20);
  expect(ended).toMatchObject({ reason: "idle", summary: { session, samples: answered + 1 } });
  expect(fx.hub.parts.roles.attention.focus.ownerOf(session)).toBeUndefined();
  const live = await fx.hub.parts.roles.attention.focus.metrics.sessionsLive.get();
  expect(live.values.find((v) => v.labels.source === "browser")?.value).toBe(0);
});
