import { type ChatRequest, type ChatResponse, Ollama } from "ollama";
import type { Logger } from "../../../observability/logger.js";
import type { SessionReport } from "../report/report-types.js";
import { type Coach, type Coaching, coachingFigures, languageName } from "./coach.js";

/** The part of the `ollama` client the coach uses: one chat request, not streamed. */
export interface ChatClient {
  chat(request: ChatRequest & { stream?: false }): Promise<ChatResponse>;
}

export interface OllamaCoachDeps {
  client: ChatClient;
  model: string;
  /** Writes the text when the model cannot: no answer in time, an error, an empty answer. */
  fallback: Coach;
  logger?: Logger;
}

// A few sentences; longer answers are cut at a sentence-sized bound rather than shown whole.
const MAX_TEXT = 1_200;

/** Coaching written by a local model from the report's figures only; rule-based text when it fails. */
export class OllamaCoach implements Coach {
  constructor(private readonly deps: OllamaCoachDeps) {}

  async coach(report: SessionReport, language: string): Promise<Coaching> {
    const { client, model, fallback, logger } = this.deps;
    try {
      const response = await client.chat({
        model,
        stream: false,
        messages: coachingMessages(report, language),
        options: { temperature: 0.4, num_predict: 256 },
      });
      const text = response.message?.content?.trim() ?? "";
      if (!text) throw new Error("the model answered with no text");
      return { text: text.slice(0, MAX_TEXT), language, source: "ollama", model };
    } catch (err) {
      const reason = isAbort(err) ? "timeout" : "error";
      logger?.warn({ err, model, reason }, "ollama coaching failed; using rule-based text");
      return { ...(await fallback.coach(report, language)), fallback: reason };
    }
  }
}

/** A system prompt with the language and the rules of the answer, then the figures as JSON. */
export function coachingMessages(report: SessionReport, language: string): ChatRequest["messages"] {
  const name = languageName(language);
  const system = [
    "You are a friendly study coach. A webcam attention monitor measured one study session;",
    "you get its figures only (no pictures). Write 2 to 4 short sentences of coaching:",
    "mention the most telling figure, then one or two concrete suggestions.",
    `Answer in ${name} (language code ${language}) only, as plain text without lists or headings.`,
    "Use no figures other than those given; give no medical advice.",
  ].join(" ");
  const figures = JSON.stringify(coachingFigures(report));
  return [
    { role: "system", content: system },
    { role: "user", content: `Session figures (minutes and percent; null means not measured): ${figures}` },
  ];
}

export interface OllamaClientOptions {
  url: string;
  /** Every request to Ollama is aborted after this long (the body read included). */
  timeoutMs: number;
  /** The fetch underneath; the global one by default. */
  fetch?: typeof fetch;
}

/**
 * The `ollama` client with a deadline on each request. Its non-streaming calls take no AbortSignal, so
 * the deadline goes into the fetch it is given: a request that overruns is really cancelled, not left
 * running behind an answer already sent.
 */
export function createOllamaClient({ url, timeoutMs, fetch: base = fetch }: OllamaClientOptions): Ollama {
  const timed: typeof fetch = (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return base(input, { ...init, signal });
  };
  return new Ollama({ host: url, fetch: timed });
}

/** True when a request failed because its deadline (or another abort) cut it short. */
export function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
}
