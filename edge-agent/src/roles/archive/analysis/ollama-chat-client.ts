import { type ChatRequest, type ChatResponse, Ollama } from "ollama";

export interface OllamaChatOptions {
  url: string;
  /** Each request is aborted after this long, the body read included. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

/**
 * One non-streamed `/api/chat` request with a deadline and the job's signal. The `ollama` client's
 * non-streaming calls take no AbortSignal, so both go into the fetch it is given: a request that
 * overruns or is cancelled is really closed, not left running on the model server. Failures become
 * errors that say what happened in a job's error column: timeout, server unreachable, HTTP error.
 */
export async function ollamaChat(
  options: OllamaChatOptions,
  request: ChatRequest,
  signal?: AbortSignal,
): Promise<ChatResponse> {
  const { url, timeoutMs, fetch: base = fetch } = options;
  const deadline = AbortSignal.timeout(timeoutMs);
  const timed: typeof fetch = (input, init) => {
    const signals = [deadline, ...(signal ? [signal] : []), ...(init?.signal ? [init.signal] : [])];
    return base(input, { ...init, signal: AbortSignal.any(signals) });
  };
  const client = new Ollama({ host: url, fetch: timed });
  try {
    return await client.chat({ ...request, stream: false });
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    if (deadline.aborted)
      throw new Error(`Ollama at ${url} did not answer within ${timeoutMs} ms`, { cause: err });
    const status = (err as { status_code?: unknown }).status_code;
    if (typeof status === "number")
      throw new Error(`Ollama at ${url} answered HTTP ${status}: ${(err as Error).message}`, { cause: err });
    const code = ((err as Error).cause as NodeJS.ErrnoException | undefined)?.code;
    throw new Error(`cannot reach Ollama at ${url}: ${code ?? (err as Error).message}`, { cause: err });
  }
}
