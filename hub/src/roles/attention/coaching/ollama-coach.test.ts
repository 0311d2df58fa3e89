import { OllamaStandIn } from "@sitewatch/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SessionReport } from "../report/report-types.js";
import { buildSessionReport } from "../report/session-report.js";
import { createCoach } from "./coaching-service.js";

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 9, 0);

// 40 minutes: focused 25, distracted 6 (3 spans), focused 9; 2 distracted alerts.
function report(): SessionReport {
  const change = (from: string, to: string, atMin: number, durMin: number) => ({
    kind: "change" as const,
    fromState: from,
    toState: to,
    at: T0 + atMin * MIN,
    durationMs: durMin * MIN,
  });
  return buildSessionReport({
    session: {
      id: "s1",
      startedAt: T0,
      endedAt: T0 + 40 * MIN,
      lastEventAt: T0 + 31 * MIN,
      state: "focused",
      pausedMs: 0,
      stateMs: { focused: 34 * MIN, distracted: 6 * MIN },
      language: "ko",
      learnerId: "u1",
      source: "browser",
    },
    events: [
      change("focused", "distracted", 25, 25),
      change("distracted", "focused", 31, 6),
      { kind: "alert", fromState: null, toState: "distracted", at: T0 + 27 * MIN, durationMs: 5_000 },
      { kind: "alert", fromState: null, toState: "distracted", at: T0 + 29 * MIN, durationMs: 5_000 },
    ],
    minutes: [],
  });
}

const stand = new OllamaStandIn(["llama3.2", "qwen2.5:3b"]);
beforeAll(() => stand.start());
afterAll(() => stand.stop());
beforeEach(() => {
  stand.requests.length = 0;
  Object.assign(stand.behaviour, { replies: ["Well done."], delayMs: 0, failWith: undefined });
});

const settings = (over: { model?: string; timeoutMs?: number } = {}) => ({
  ollamaUrl: stand.url,
  model: over.model ?? "qwen2.5:3b",
  timeoutMs: over.timeoutMs ?? 5_000,
});

describe("Ollama coaching through the ollama client", () => {
  it("sends the configured model and the report's figures, no pictures, and uses the answer", async () => {
    stand.reply = "  Focused 77.5% of the time. Keep the phone away.\n";
    const coaching = await createCoach(settings()).coach(report(), "en");
    expect(coaching).toEqual({
      text: "Focused 77.5% of the time. Keep the phone away.",
      language: "en",
      source: "ollama",
      model: "qwen2.5:3b",
    });
    expect(stand.requests).toHaveLength(1);
    const [req] = stand.requests;
    expect(req?.method).toBe("POST");
    expect(req?.path).toBe("/api/chat");
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(req?.body).toMatchObject({ model: "qwen2.5:3b", stream: false });
    expect(req?.body.messages.map((m: { role: string }) => m.role)).toEqual(["system", "user"]);
    expect(req?.body.messages[0].content).toContain("Answer in English (language code en)");
    const figures = JSON.parse(req?.body.messages[1].content.replace(/^[^{]*/, ""));
    expect(figures).toMatchObject({
      trackedMinutes: 40,
      focusPct: 85,
      longestFocusMinutes: 25,
      minutes: { distracted: 6, drowsy: 0 },
      alerts: { distracted: 2 },
    });
    expect(req?.raw).not.toMatch(/images/);
  });

  it("asks for the learner's language", async () => {
    stand.reply = "잘했어요.";
    const coaching = await createCoach(settings()).coach(report(), "ko");
    expect(stand.requests[0]?.body.messages[0].content).toContain("Answer in Korean (language code ko)");
    expect(coaching).toMatchObject({ text: "잘했어요.", language: "ko", source: "ollama" });
  });

  it("cancels a request that overruns the timeout and falls back to the rules", async () => {
    stand.behaviour.delayMs = 3_000;
    const started = performance.now();
    const coaching = await createCoach(settings({ timeoutMs: 300 })).coach(report(), "ko");
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(2_000);
    expect(coaching).toMatchObject({ source: "rules", fallback: "timeout", language: "ko" });
    expect(coaching.text).toContain("85%");
    await expect.poll(() => stand.requests[0]?.aborted).toBe(true);
  });

  it("falls back to the rules when Ollama answers with an error", async () => {
    stand.behaviour.failWith = 500;
    const coaching = await createCoach(settings()).coach(report(), "en");
    expect(coaching).toMatchObject({ source: "rules", fallback: "error", language: "en" });
    expect(coaching.text).toMatch(/^Strong session: you were focused 85% of 40 minutes\./);
    expect(stand.requests).toHaveLength(1);
  });

  it("falls back when the configured model is not there", async () => {
    const coaching = await createCoach(settings({ model: "missing-model" })).coach(report(), "en");
    expect(coaching).toMatchObject({ source: "rules", fallback: "error" });
    expect(stand.requests[0]?.body.model).toBe("missing-model");
  });

  it("writes rule-based text and sends nothing when no Ollama URL is set", async () => {
    const coaching = await createCoach({ model: "llama3.2", timeoutMs: 1_000 }).coach(report(), "en");
    expect(coaching.source).toBe("rules");
    expect(coaching.fallback).toBeUndefined();
    expect(stand.requests).toHaveLength(0);
  });
});
