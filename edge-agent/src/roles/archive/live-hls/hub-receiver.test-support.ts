import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the loopback hub received it, body read whole. */
export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** When the request began, and when its body had arrived (epoch ms). */
  startedAt: number;
  receivedAt: number;
}

/** The status to answer with, decided once the body is in (after `delayMs`, a slow hub). */
export type Answer = (request: Received) => { status: number; delayMs?: number };

/**
 * A real HTTP server on the loopback standing in for the hub's upload endpoints: it records every
 * request exactly as it arrived (headers, query, body bytes) and answers as the test says, with the
 * hub's `{error: {code, message}}` body on refusals.
 */
export class HubReceiver {
  readonly requests: Received[] = [];
  /** Requests whose body is being read or whose answer is being delayed. */
  open = 0;
  maxOpen = 0;
  answer: Answer = () => ({ status: 204 });
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      const startedAt = Date.now();
      this.open += 1;
      this.maxOpen = Math.max(this.maxOpen, this.open);
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "http://loopback");
        const received: Received = {
          method: req.method ?? "",
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks),
          startedAt,
          receivedAt: Date.now(),
        };
        this.requests.push(received);
        const { status, delayMs = 0 } = this.answer(received);
        setTimeout(() => {
          this.open -= 1;
          if (status < 400) {
            res.writeHead(status).end();
            return;
          }
          const code = status === 404 ? "NOT_FOUND" : status === 403 ? "FORBIDDEN" : "INTERNAL";
          res.writeHead(status, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { code, message: `refused by the test (${status})` } }));
        }, delayMs);
      });
      req.on("error", () => {
        this.open -= 1;
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((ready) => this.server.listen(0, "127.0.0.1", ready));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}
