import type {
  FocusAlert,
  FocusEnded,
  FocusSample,
  FocusStart,
  FocusStarted,
  FocusState,
  FocusSummary,
} from "@sitewatch/shared-protocol";

// Any Socket.IO client socket fits (the app's typed one, or the component tests' fake).
type SocketLike = {
  // biome-ignore lint/suspicious/noExplicitAny: structural stand-in for socket.io-client's Socket.
  on(event: any, listener: (...args: any[]) => void): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: structural stand-in for socket.io-client's Socket.
  off(event: any, listener?: (...args: any[]) => void): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: structural stand-in for socket.io-client's Socket.
  emit(event: any, ...args: any[]): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: structural stand-in for socket.io-client's Socket.
  emitWithAck(event: any, ...args: any[]): Promise<any>;
  timeout(ms: number): SocketLike;
};

// An ack that never comes (connection lost mid-request) must not leave the page waiting forever.
const ACK_TIMEOUT_MS = 10_000;

type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/** A `focus:*` request the hub refused (its ack's error code and message). */
export class FocusRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The learner's side of a focus session over the app's one Socket.IO connection (protocol:
 * shared-protocol messages/focus.ts). Samples go without an ack, 30 a second; the hub answers each
 * with `focus:state` and raises `focus:alert` on this connection only.
 */
export class FocusClient {
  constructor(private readonly socket: SocketLike) {}

  start(req: FocusStart): Promise<FocusStarted> {
    return this.request<FocusStarted>("focus:start", req);
  }

  sample(sample: FocusSample): void {
    this.socket.emit("focus:sample", sample);
  }

  pause(session: string): Promise<void> {
    return this.request<void>("focus:pause", { session });
  }

  resume(session: string): Promise<void> {
    return this.request<void>("focus:resume", { session });
  }

  end(session: string): Promise<FocusSummary> {
    return this.request<FocusSummary>("focus:end", { session });
  }

  onState(handler: (state: FocusState) => void): () => void {
    this.socket.on("focus:state", handler);
    return () => void this.socket.off("focus:state", handler);
  }

  onAlert(handler: (alert: FocusAlert) => void): () => void {
    this.socket.on("focus:alert", handler);
    return () => void this.socket.off("focus:alert", handler);
  }

  /** The hub ended the session itself (no samples for too long, a lost connection, shutdown). */
  onEnded(handler: (notice: FocusEnded) => void): () => void {
    this.socket.on("focus:ended", handler);
    return () => void this.socket.off("focus:ended", handler);
  }

  private async request<T>(event: string, payload: unknown): Promise<T> {
    const ack = (await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload)) as Ack<T>;
    if (!ack.ok) throw new FocusRequestError(ack.error.code, ack.error.message);
    return ack.data;
  }
}
