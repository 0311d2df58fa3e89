import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { LOCALHOST } from "./free-port.js";

/** A request as the stand-in received it. */
export interface OllamaRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  /** The parsed JSON body (null when it was not JSON). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
  body: any;
  raw: string;
  /** The client closed the connection before the answer was sent (a cancelled request). */
  aborted: boolean;
}

export interface OllamaBehaviour {
  /** The assistant's answers to successive chat requests; the last one repeats. */
  replies: string[];
  /** Wait this long before answering. */
  delayMs: number;
  /** Answer every request with this HTTP status and an Ollama error body instead. */
  failWith?: number;
}

/**
 * Ollama cannot be installed on these machines, so the product's Ollama clients (focus coaching, the
 * archive's VLM provider) are tested against this loopback server speaking the part of Ollama's HTTP API
 * they use: `POST /api/chat` with `stream: false` (text, base64 `images`, a JSON-schema `format`),
 * answered as Ollama answers it (one JSON object, `done: true`) and failing as Ollama fails (`{ "error":
 * "…" }`, 404 for a model it lacks, 400 for bodies it refuses). Anything else is refused loudly, so a
 * change in what a client sends fails its tests instead of passing by accident.
 */
export class OllamaStandIn {
  readonly requests: OllamaRequest[] = [];
  readonly behaviour: OllamaBehaviour = { replies: ["Well done."], delayMs: 0 };
  private readonly server = createServer((req, res) => void this.handle(req, res));

  constructor(private readonly models: readonly string[] = ["llama3.2"]) {}

  get url(): string {
    return `http://${LOCALHOST}:${(this.server.address() as AddressInfo).port}`;
  }

  /** The chat requests among everything received. */
  get chats(): OllamaRequest[] {
    return this.requests.filter((r) => r.path === "/api/chat");
  }

  /** One answer for every chat from now on. */
  set reply(text: string) {
    this.behaviour.replies = [text];
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, LOCALHOST, resolve));
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
    const received: OllamaRequest = {
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
    const { replies, delayMs, failWith } = this.behaviour;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (res.destroyed) return;
    if (received.method !== "POST" || received.path !== "/api/chat")
      return send(res, 404, { error: "not found" });
    const problem = chatProblem(received.body);
    if (problem) return send(res, 400, { error: problem });
    if (failWith) return send(res, failWith, { error: "llama runner process has terminated" });
    if (!this.models.includes(received.body.model))
      return send(res, 404, { error: `model "${received.body.model}" not found, try pulling it first` });
    const reply = replies[Math.min(this.chats.length - 1, replies.length - 1)] ?? "";
    send(res, 200, {
      model: received.body.model,
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

/** What Ollama would refuse: no model or messages, streaming, images that are not base64, a bad format. */
function chatProblem(body: unknown): string | undefined {
  // biome-ignore lint/suspicious/noExplicitAny: checking an untyped JSON body
  const b = body as any;
  if (!b || typeof b.model !== "string" || !Array.isArray(b.messages))
    return "model and messages are required";
  if (b.stream !== false) return "the stand-in answers stream: false only";
  if (b.format !== undefined && typeof b.format !== "object" && b.format !== "json") return "invalid format";
  for (const message of b.messages) {
    for (const image of message?.images ?? []) {
      if (typeof image !== "string" || !/^[A-Za-z0-9+/]+=*$/.test(image))
        return "illegal base64 data in image";
    }
  }
  return undefined;
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
