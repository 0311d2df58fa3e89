import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../config.js";
import type { SessionReport } from "../report/report-types.js";
import type { Coach, Coaching } from "./coach.js";
import { CachedCoach, createCoach } from "./coaching-service.js";
import { OllamaCoach } from "./ollama-coach.js";
import { RuleCoach } from "./rule-coach.js";

/** A coach that counts its calls and answers with what the test queued (resolved when told). */
class CountingCoach implements Coach {
  calls = 0;
  constructor(readonly answers: Coaching[]) {}
  async coach(): Promise<Coaching> {
    this.calls++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const next = this.answers.shift();
    if (!next) throw new Error("no answer queued");
    return next;
  }
}

const report = (endedAt: number | null) => ({ endedAt }) as SessionReport;
const ok: Coaching = { text: "Good.", language: "en", source: "ollama", model: "m" };
const fellBack: Coaching = { text: "Rules.", language: "en", source: "rules", fallback: "timeout" };

describe("CachedCoach", () => {
  it("asks once for an ended session, also when asked twice at the same time", async () => {
    const inner = new CountingCoach([ok]);
    const cache = new CachedCoach(inner);
    const [a, b] = await Promise.all([cache.get("s1", report(1), "en"), cache.get("s1", report(1), "en")]);
    expect(await cache.get("s1", report(1), "en")).toBe(a);
    expect(b).toBe(a);
    expect(inner.calls).toBe(1);
  });

  it("asks afresh for a running session", async () => {
    const inner = new CountingCoach([ok, ok]);
    const cache = new CachedCoach(inner);
    await cache.get("s1", report(null), "en");
    await cache.get("s1", report(null), "en");
    expect(inner.calls).toBe(2);
  });

  it("keeps neither a fallback nor a failure, so the model gets another chance", async () => {
    const inner = new CountingCoach([fellBack]);
    const cache = new CachedCoach(inner);
    expect(await cache.get("s1", report(1), "en")).toEqual(fellBack);
    await expect(cache.get("s1", report(1), "en")).rejects.toThrow("no answer queued");
    inner.answers.push(ok);
    expect(await cache.get("s1", report(1), "en")).toEqual(ok);
    expect(await cache.get("s1", report(1), "en")).toEqual(ok);
    expect(inner.calls).toBe(3);
  });

  it("forgets the oldest session beyond its bound", async () => {
    const inner = new CountingCoach([ok, ok, ok]);
    const cache = new CachedCoach(inner, 1);
    await cache.get("s1", report(1), "en");
    await cache.get("s2", report(1), "en");
    await cache.get("s1", report(1), "en");
    expect(inner.calls).toBe(3);
  });
});

describe("coaching settings", () => {
  it("come from OLLAMA_URL, OLLAMA_MODEL and OLLAMA_TIMEOUT_MS, with the rules when no URL is set", () => {
    const env = { OLLAMA_URL: "http://ollama:11434", OLLAMA_MODEL: "qwen2.5:3b", OLLAMA_TIMEOUT_MS: "2500" };
    const settings = loadConfig(env).coaching;
    expect(settings).toEqual({ ollamaUrl: "http://ollama:11434", model: "qwen2.5:3b", timeoutMs: 2500 });
    expect(createCoach(settings)).toBeInstanceOf(OllamaCoach);
    const defaults = loadConfig({}).coaching;
    expect(defaults).toEqual({ ollamaUrl: undefined, model: "llama3.2", timeoutMs: 15_000 });
    expect(createCoach(defaults)).toBeInstanceOf(RuleCoach);
  });

  it("refuse a URL that is not http(s) and a timeout out of bounds", () => {
    expect(() => loadConfig({ OLLAMA_URL: "ftp://ollama" })).toThrow(ConfigError);
    expect(() => loadConfig({ OLLAMA_TIMEOUT_MS: "5" })).toThrow(/OLLAMA_TIMEOUT_MS/);
  });
});
