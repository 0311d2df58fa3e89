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

/**
 * Counts the handler promises still open per publishing client; the client's connection is held from
 * the first until the last of them settles.
 */
export class ConnectionHolds {
  private readonly open = new Map<Client, number>();

  begin(client: Client): void {
    const count = this.open.get(client) ?? 0;
    this.open.set(client, count + 1);
    if (count === 0) hold(client);
  }

  end(client: Client): void {
    const count = (this.open.get(client) ?? 1) - 1;
    if (count > 0) {
      this.open.set(client, count);
      return;
    }
    this.open.delete(client);
    release(client);
  }

  /** Connections currently held, for tests and diagnostics. */
  get size(): number {
    return this.open.size;
  }
}
