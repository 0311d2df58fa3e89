import type { AccessRevoked, ClientToServerEvents, ServerToClientEvents } from "@sitewatch/shared-protocol";
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
  private readonly revokedListeners = new Set<(notice: AccessRevoked) => void>();
  /** The token renewal an UNAUTHENTICATED notice started; the reconnect waits for it. */
  private renewal: Promise<void> | undefined;
  private everConnected = false;
  private clockOffsetMs: number | undefined;
  private attempt = 0;
  private wanted = false;
  private refusals = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: LiveConnectionOptions) {
    const renew = () => (options.onUnauthorized?.() ?? Promise.resolve()).catch(() => undefined);
    this.socket = io(options.url ?? "", {
      autoConnect: false,
      transports: ["websocket"],
      auth: (cb) => cb({ token: options.token() ?? "" }),
      ...RECONNECT,
    });
    // The hub greets every connection with its time; latency figures use it to read the hub's clock.
    this.socket.on("server:hello", (hello) => {
      this.clockOffsetMs = hello.serverTime - Date.now();
    });
    this.socket.on("connect", () => {
      this.attempt = 0;
      this.refusals = 0;
      this.renewal = undefined;
      this.set({ state: "online", since: Date.now() });
      if (this.everConnected) for (const listener of this.resyncListeners) listener();
      this.everConnected = true;
    });
    this.socket.on("access:revoked", (notice) => {
      // The hub closes the connection right after: renew the token now, so the reconnect does not
      // first present the credential the hub just refused (a revoked one fails renewal and logs out).
      if (notice.code === "UNAUTHENTICATED") this.renewal = renew();
      for (const listener of this.revokedListeners) listener(notice);
    });
    this.socket.on("disconnect", (reason) => {
      this.set({ state: "offline", attempt: this.attempt, reason });
      // The server closed the connection on purpose (e.g. logout elsewhere): Socket.IO does not retry.
      if (reason !== "io server disconnect") return;
      const renewal = this.renewal;
      this.renewal = undefined;
      if (!renewal) this.socket.connect();
      else
        void renewal.then(() => {
          if (this.wanted && !this.socket.active) this.socket.connect();
        });
    });
    this.socket.on("connect_error", (err) => {
      // A refused handshake (expired token, hub database down) is final for Socket.IO: it only retries
      // when the network failed, so without this the map would stay offline after the token expired.
      const refused = !this.socket.active;
      if (refused) this.attempt = ++this.refusals;
      this.set({ state: "offline", attempt: this.attempt, reason: err.message });
      const renewed = /unauth|token|expired/i.test(err.message) ? renew() : Promise.resolve();
      if (refused) void renewed.then(() => this.retryAfterRefusal());
    });
    this.socket.io.on("reconnect_attempt", (attempt) => {
      this.attempt = attempt;
    });
  }

  /** Hub clock minus this browser's, from the last `server:hello`; undefined before the first one. */
  get hubClockOffsetMs(): number | undefined {
    return this.clockOffsetMs;
  }

  get state(): ConnectionState {
    return this.current;
  }

  start(): void {
    this.wanted = true;
    clearTimeout(this.retryTimer);
    this.socket.connect();
  }

  stop(): void {
    this.wanted = false;
    clearTimeout(this.retryTimer);
    this.socket.disconnect();
  }

  /** First retry right after the token refresh, then the same backoff as Socket.IO's own. */
  private retryAfterRefusal(): void {
    if (!this.wanted || this.socket.active) return;
    const { reconnectionDelay, reconnectionDelayMax } = RECONNECT;
    const delay =
      this.refusals <= 1 ? 0 : Math.min(reconnectionDelayMax, reconnectionDelay * 2 ** (this.refusals - 2));
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (this.wanted && !this.socket.active) this.socket.connect();
    }, delay);
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /**
   * The hub narrowed this connection's access (`access:revoked`): FORBIDDEN with `site` = that site's
   * room was left; UNAUTHENTICATED = the connection closes next and the token is being renewed.
   */
  onAccessRevoked(listener: (notice: AccessRevoked) => void): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
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
