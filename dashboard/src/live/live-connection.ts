import type { ClientToServerEvents, ServerToClientEvents } from "@sitewatch/shared-protocol";
import { io, type Socket } from "socket.io-client";

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type ConnectionState =
  | { state: "connecting" }
  | { state: "online"; since: number }
  | { state: "offline"; attempt: number; retryInMs?: number; reason?: string };

export interface LiveConnectionOptions {
  /** Read at every (re)connect, so a refreshed access token is used after an outage. */
  token: () => string | undefined;
  /** Called when the hub refuses the token; should refresh it (the next attempt reads the new one). */
  onUnauthorized?: () => Promise<void>;
  url?: string;
}

/** Socket.IO's own backoff: 1 → 2 → 4 … 30 s with ±10 % jitter so many tablets do not retry in step. */
export const RECONNECT = { reconnectionDelay: 1_000, reconnectionDelayMax: 30_000, randomizationFactor: 0.1 };

/**
 * One Socket.IO connection to the hub for the whole app. Pages subscribe to events through `socket`
 * and to `onResync`, which fires after every reconnect: whatever happened while offline was missed,
 * so each page reloads its initial state over REST instead of showing stale data.
 */
export class LiveConnection {
  readonly socket: LiveSocket;
  private current: ConnectionState = { state: "connecting" };
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly resyncListeners = new Set<() => void>();
  private everConnected = false;
  private attempt = 0;

  constructor(options: LiveConnectionOptions) {
    this.socket = io(options.url ?? "", {
      autoConnect: false,
      transports: ["websocket"],
      auth: (cb) => cb({ token: options.token() ?? "" }),
      ...RECONNECT,
    });
    this.socket.on("connect", () => {
      this.attempt = 0;
      this.set({ state: "online", since: Date.now() });
      if (this.everConnected) for (const listener of this.resyncListeners) listener();
      this.everConnected = true;
    });
    this.socket.on("disconnect", (reason) => {
      this.set({ state: "offline", attempt: this.attempt, reason });
      // The server closed the connection on purpose (e.g. logout elsewhere): Socket.IO does not retry.
      if (reason === "io server disconnect") this.socket.connect();
    });
    this.socket.on("connect_error", (err) => {
      if (/unauth|token|expired/i.test(err.message)) void options.onUnauthorized?.();
      this.set({ state: "offline", attempt: this.attempt, reason: err.message });
    });
    this.socket.io.on("reconnect_attempt", (attempt) => {
      this.attempt = attempt;
    });
  }

  get state(): ConnectionState {
    return this.current;
  }

  start(): void {
    this.socket.connect();
  }

  stop(): void {
    this.socket.disconnect();
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  private set(state: ConnectionState): void {
    this.current = state;
    for (const listener of this.stateListeners) listener(state);
  }
}
