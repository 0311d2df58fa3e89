import type { HubConfig } from "../../../config.js";
import type { Logger } from "../../../observability/logger.js";
import type { SessionReport } from "../report/report-types.js";
import type { Coach, Coaching } from "./coach.js";
import { createOllamaClient, OllamaCoach } from "./ollama-coach.js";
import { RuleCoach } from "./rule-coach.js";

/**
 * The one place the Ollama client is built: with `OLLAMA_URL` set the model writes coaching and the
 * rules stand in when it fails; without it the rules write it all.
 */
export function createCoach(settings: HubConfig["coaching"], logger?: Logger): Coach {
  const rules = new RuleCoach();
  if (!settings?.ollamaUrl) return rules;
  const client = createOllamaClient({ url: settings.ollamaUrl, timeoutMs: settings.timeoutMs });
  return new OllamaCoach({ client, model: settings.model, fallback: rules, logger });
}

// Ended sessions kept; beyond it the oldest entry goes (a model call is cheap to repeat, memory is not).
const DEFAULT_ENTRIES = 1_000;

/**
 * Coaching of an ended session never changes, so it is asked for once: concurrent requests share one
 * call and later ones get its answer. A running session is coached afresh each time, and a fallback
 * after a timeout or error is not kept, so the model gets another chance on the next request.
 */
export class CachedCoach {
  private readonly entries = new Map<string, Promise<Coaching>>();

  constructor(
    private readonly coach: Coach,
    private readonly maxEntries = DEFAULT_ENTRIES,
  ) {}

  get(key: string, report: SessionReport, language: string): Promise<Coaching> {
    if (report.endedAt === null) return this.coach.coach(report, language);
    const cached = this.entries.get(key);
    if (cached) return cached;
    const pending = this.coach.coach(report, language).then(
      (coaching) => {
        if (coaching.fallback) this.entries.delete(key);
        return coaching;
      },
      (err: unknown) => {
        this.entries.delete(key);
        throw err;
      },
    );
    this.entries.set(key, pending);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return pending;
  }
}
