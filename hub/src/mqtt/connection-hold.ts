import type { Aedes, Client } from "aedes";

/**
 * Holding a connection. aedes reads a connection's next chunk on every 'readable' event, even while
 * packets of the last chunk are still being handled, and its own pause() loses the completions of
 * packets that finish while paused (the connection then never reads again). So the connection is held
 * by detaching aedes' 'readable' listener: nothing more is parsed, the socket buffer fills and TCP flow
 * control stops the device; re-attaching it re-emits 'readable' for what was buffered. This relies on
 * aedes 1.x internals (`_nextBatch`); the embedded-transport integration test fails if they change.
 */
type ClientInternals = { conn: NodeJS.EventEmitter; _nextBatch?: (err?: Error) => void; closed: boolean };

function hold(client: Client): void {
  const c = client as unknown as ClientInternals;
  if (c._nextBatch) c.conn.removeListener("readable", c._nextBatch);
}

function release(client: Client): void {
  const c = client as unknown as ClientInternals;
  if (c.closed || !c._nextBatch || c.conn.listeners("readable").includes(c._nextBatch)) return;
  c.conn.on("readable", c._nextBatch);
}

export const clientsOf = (broker: Aedes | undefined) =>
  ((broker as unknown as { clients?: Record<string, Client> } | undefined)?.clients ?? {}) as Record<
    string,
    Client
  >;

/** How much of one connection's traffic may wait for the database before it is no longer read. */
export interface HoldLimits {
  messages: number;
  bytes: number;
}

/**
 * Counts the messages still open (handed to ingest, not yet stored) per publishing client. While a
 * connection is under its limits it keeps being read, so its messages pile up for the same group commit
 * (a device keeps a window of unacknowledged publishes in flight); past either limit it is held until
 * enough of them are stored. That bounds what one connection can make the hub keep in memory.
 */
export class ConnectionHolds {
  private readonly open = new Map<Client, { messages: number; bytes: number; held: boolean }>();

  constructor(private readonly limits: HoldLimits = { messages: 1, bytes: 0 }) {}

  begin(client: Client, bytes = 0): void {
    const entry = this.open.get(client) ?? { messages: 0, bytes: 0, held: false };
    entry.messages += 1;
    entry.bytes += bytes;
    this.open.set(client, entry);
    if (!entry.held && this.over(entry)) {
      entry.held = true;
      hold(client);
    }
  }

  end(client: Client, bytes = 0): void {
    const entry = this.open.get(client);
    if (!entry) return;
    entry.messages -= 1;
    entry.bytes -= bytes;
    if (entry.messages <= 0) this.open.delete(client);
    if (entry.held && (entry.messages <= 0 || !this.over(entry))) {
      entry.held = false;
      release(client);
    }
  }

  /** Connections with messages open, for tests and diagnostics. */
  get size(): number {
    return this.open.size;
  }

  /** Connections held right now. */
  get held(): number {
    let n = 0;
    for (const entry of this.open.values()) if (entry.held) n += 1;
    return n;
  }

  private over(entry: { messages: number; bytes: number }): boolean {
    return (
      entry.messages >= this.limits.messages || (this.limits.bytes > 0 && entry.bytes >= this.limits.bytes)
    );
  }
}
