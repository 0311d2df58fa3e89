import { OllamaStandIn } from "@sitewatch/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../../auth/users.js";
import { startTestHub, type TestHub } from "../../../http/http.test-support.js";
import { MIN, MON, seedReportRows } from "./attention-reports.test-support.js";

let hub: TestHub;
const stand = new OllamaStandIn(["llama3.2"]);
const tokens: Record<"learner" | "manager", string> = { learner: "", manager: "" };
const ids = { learner: "", manager: "" };

beforeAll(async () => {
  await stand.start();
  hub = await startTestHub({
    config: { coaching: { ollamaUrl: stand.url, model: "llama3.2", timeoutMs: 400 } },
  });
  for (const [id, timezone] of [
    ["campus", "Asia/Seoul"],
    ["home", "UTC"],
  ])
    await hub.call("POST", "/api/v1/sites", { token: hub.adminToken, json: { id, name: id, timezone } });
  const learner = await createUser(hub.database.db, {
    email: "l@example.com",
    password: "learner-password-1",
    role: "site_manager",
    sites: ["home"],
  });
  const manager = await createUser(hub.database.db, {
    email: "m@example.com",
    password: "manager-password-1",
    role: "site_manager",
    sites: ["campus"],
  });
  ids.learner = learner.id;
  ids.manager = manager.id;
  tokens.learner = await hub.login("l@example.com", "learner-password-1");
  tokens.manager = await hub.login("m@example.com", "manager-password-1");
  await seedReportRows(hub.database.db, ids);
});
afterAll(async () => {
  await hub?.close();
  await stand.stop();
});

const get = (path: string, who: "learner" | "manager" | "admin") =>
  hub.call("GET", path, { token: who === "admin" ? hub.adminToken : tokens[who] });

describe("GET …/attention-sessions/{session}/report", () => {
  it("gives the learner their own session's report", async () => {
    const r = await get("/api/v1/sites/campus/attention-sessions/a1/report", "learner");
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({
      session: "a1",
      learner: ids.learner,
      language: "ko-KR",
      source: "browser",
      focusPct: 93.33,
    });
    expect(
      r.body.timeline.map((s: { state: string; durationMs: number }) => [s.state, s.durationMs / MIN]),
    ).toEqual([
      ["focused", 10],
      ["distracted", 2],
      ["focused", 18],
    ]);
    expect(r.body.states.distracted).toEqual({ episodes: 1, ms: 2 * MIN, longestMs: 2 * MIN, pct: 6.67 });
    expect(r.body.alerts).toEqual([
      { kind: "distracted", at: new Date(MON + 10 * MIN + 5_000).toISOString(), durationMs: 5_000 },
    ]);
    expect(r.body.blinks).toEqual({ total: 450, perMinute: 15 });
    expect(r.body.minutes).toHaveLength(30);
    expect(r.body.minutes[10]).toMatchObject({ minute: new Date(MON + 10 * MIN).toISOString(), focusPct: 0 });
    expect(r.body.coaching).toBeUndefined();
    expect(stand.requests).toHaveLength(0);
  });

  it("refuses the learner someone else's session and a missing one alike; staff read any", async () => {
    for (const s of ["b1", "nope"]) {
      const r = await get(`/api/v1/sites/campus/attention-sessions/${s}/report`, "learner");
      expect(r.status).toBe(403);
      expect(r.body.error).toMatchObject({ code: "FORBIDDEN", requestId: expect.any(String) });
    }
    expect((await get("/api/v1/sites/campus/attention-sessions/a1/report", "manager")).status).toBe(200);
    expect((await get("/api/v1/sites/campus/attention-sessions/nope/report", "admin")).status).toBe(404);
    expect((await get("/api/v1/sites/home/attention-sessions/a1/report", "manager")).status).toBe(403);
    const bad = await get("/api/v1/sites/campus/attention-sessions/a1/report?coaching=maybe", "admin");
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("VALIDATION_FAILED");
  });

  it("adds coaching from Ollama in the learner's language, asked once per ended session", async () => {
    stand.reply = "집중을 잘 유지했어요.";
    const first = await get("/api/v1/sites/campus/attention-sessions/a1/report?coaching=1", "learner");
    expect(first.status, first.text).toBe(200);
    expect(first.body.coaching).toEqual({
      text: "집중을 잘 유지했어요.",
      language: "ko",
      source: "ollama",
      model: "llama3.2",
    });
    const again = await get("/api/v1/sites/campus/attention-sessions/a1/report?coaching=true", "manager");
    expect(again.body.coaching).toEqual(first.body.coaching);
    expect(stand.requests).toHaveLength(1);
    const sent = stand.requests[0]?.body;
    expect(sent.messages[0].content).toContain("Answer in Korean (language code ko)");
    expect(sent.messages[1].content).toContain('"focusPct":93.33');
    expect(stand.requests[0]?.raw).not.toMatch(/images/);
  });

  it("falls back to rule-based text when Ollama is too slow, and asks again next time", async () => {
    stand.behaviour.delayMs = 2_000;
    const slow = await get("/api/v1/sites/campus/attention-sessions/a2/report?coaching=1", "learner");
    expect(slow.body.coaching).toMatchObject({ source: "rules", fallback: "timeout", language: "en" });
    expect(slow.body.coaching.text).toContain("A hard session: focused only 50% of 20 minutes.");
    stand.behaviour.delayMs = 0;
    stand.reply = "Take a break when you feel sleepy.";
    const quick = await get("/api/v1/sites/campus/attention-sessions/a2/report?coaching=1", "learner");
    expect(quick.body.coaching).toMatchObject({
      source: "ollama",
      text: "Take a break when you feel sleepy.",
    });
  });
});

describe("GET …/attention-reports", () => {
  const path = "/api/v1/sites/campus/attention-reports?from=2026-01-01T00:00:00Z&to=2026-01-10T00:00:00Z";

  it("gives a learner their hours, weekdays and days in the site's time zone, with the trend", async () => {
    const r = await get(`${path}&learner=me`, "learner");
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ timezone: "Asia/Seoul", learner: ids.learner, sessions: 2 });
    expect(r.body.byHour[9]).toEqual({ hour: 9, trackedMs: 30 * MIN, focusPct: 93.33, alerts: 1 });
    expect(r.body.byHour[14]).toEqual({ hour: 14, trackedMs: 20 * MIN, focusPct: 50, alerts: 1 });
    expect(r.body.byWeekday.slice(0, 3).map((w: { focusPct: number | null }) => w.focusPct)).toEqual([
      93.33,
      50,
      null,
    ]);
    expect(r.body.daily.map((d: { date: string }) => d.date)).toEqual(["2026-01-05", "2026-01-06"]);
    expect(r.body.trend).toEqual({ slopePctPerDay: -43.33, direction: "declining" });
    expect(r.body.summary).toMatchObject({
      trackedMs: 50 * MIN,
      alerts: 2,
      blinks: 850,
      blinkRatePerMin: 17,
    });
  });

  it("gives staff the whole site, edge sessions included", async () => {
    const r = await get(path, "manager");
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ learner: null, sessions: 4 });
    expect(r.body.byHour[10]).toMatchObject({ trackedMs: 10 * MIN, focusPct: 100 });
    expect(r.body.byHour[11]).toMatchObject({ trackedMs: 30 * MIN, focusPct: 66.67 });
    const one = await get(`${path}&learner=${ids.manager}`, "admin");
    expect(one.body).toMatchObject({ sessions: 1, summary: { trackedMs: 10 * MIN } });
  });

  it("refuses learners the site and other learners, and bad parameters", async () => {
    expect((await get(path, "learner")).status).toBe(403);
    expect((await get(`${path}&learner=${ids.manager}`, "learner")).status).toBe(403);
    const cases = [
      `${path}&learner=someone`,
      "/api/v1/sites/campus/attention-reports?from=2026-01-10T00:00:00Z&to=2026-01-01T00:00:00Z",
      "/api/v1/sites/campus/attention-reports?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z",
      "/api/v1/sites/campus/attention-reports?from=yesterday",
    ];
    for (const bad of cases) {
      const r = await get(bad, "admin");
      expect(r.status, bad).toBe(400);
      expect(r.body.error.code).toBe("VALIDATION_FAILED");
    }
    expect((await get("/api/v1/sites/nowhere/attention-reports", "admin")).status).toBe(404);
  });
});
