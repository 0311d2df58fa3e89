import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the stand-in received it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  /** The parsed JSON body. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
  body: any;
  raw: string;
  /** The client closed the connection before the answer was sent (a cancelled request). */
  aborted: boolean;
}

export interface StandInBehaviour {
  /** The assistant's answer to a chat request. */
  reply: string;
  /** Wait this long before answering. */
  delayMs: number;
  /** Answer every request with this HTTP status and an Ollama error body instead. */
  failWith?: number;
}

/**
 * A loopback HTTP server speaking the part of Ollama's API the coach uses: `POST /api/chat` with
 * `stream: false`, answered as Ollama answers it (one JSON object, `done: true`), and errors as Ollama
 * sends them (`{ "error": "…" }`, 404 for a model it does not have). Anything else is refused loudly, so
 * a change in what the client sends fails the tests instead of passing by accident.
 */
export class OllamaStandIn {
  readonly requests: ReceivedRequest[] = [];
  readonly behaviour: StandInBehaviour = { reply: "Well done.", delayMs: 0 };
  private readonly server = createServer((req, res) => void this.handle(req, res));

  constructor(private readonly models: readonly string[] = ["llama3.2"]) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const received: ReceivedRequest = {
      method: req.method ?? "",
      path: req.url ?? "",
      headers: req.headers,
      body: parse(raw),
      raw,
      aborted: false,
    };
    this.requests.push(received);
    res.on("close", () => {
      if (!res.writableFinished) received.aborted = true;
    });
    const { reply, delayMs, failWith } = this.behaviour;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (res.destroyed) return;
    if (received.method !== "POST" || received.path !== "/api/chat")
      return send(res, 404, { error: "not found" });
    const body = received.body;
    if (!body || typeof body.model !== "string" || !Array.isArray(body.messages))
      return send(res, 400, { error: "model and messages are required" });
    if (body.stream !== false) return send(res, 400, { error: "the stand-in answers stream: false only" });
    if (failWith) return send(res, failWith, { error: "llama runner process has terminated" });
    if (!this.models.includes(body.model))
      return send(res, 404, { error: `model "${body.model}" not found, try pulling it first` });
    send(res, 200, {
      model: body.model,
      created_at: new Date().toISOString(),
      message: { role: "assistant", content: reply },
      done: true,
      done_reason: "stop",
      total_duration: 1_200_000_000,
      load_duration: 2_000_000,
      prompt_eval_count: 120,
      prompt_eval_duration: 300_000_000,
      eval_count: 60,
      eval_duration: 800_000_000,
    });
  }
}

function parse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}
