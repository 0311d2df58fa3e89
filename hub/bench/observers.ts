import { onLive } from "@sitewatch/shared-protocol";
import mqtt, { type MqttClient } from "mqtt";
import postgres from "postgres";
import { io as connectSocket, type Socket } from "socket.io-client";
import type { EventBook } from "./event-book.js";

/**
 * A dashboard: socket.io-client joined to the site's room, timing every seat and attention change it
 * receives. If the hub cuts it off (its slow-consumer guard), the next phase reconnects and says so.
 */
export class Dashboard {
  disconnects = 0;
  private socket: Socket | undefined;

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly site: string,
    private readonly book: EventBook,
  ) {}

  /** Connects and joins unless already connected; returns true when it had to reconnect. */
  async ensure(): Promise<boolean> {
    if (this.socket?.connected) return false;
    const hadOne = this.socket !== undefined;
    this.socket?.close();
    const socket = connectSocket(this.url, {
      auth: { token: this.token },
      transports: ["websocket"],
      reconnection: false,
      timeout: 10_000,
    });
    this.socket = socket;
    const onEvent = (event: { data?: { id?: string } }) => {
      const id = event.data?.id;
      if (id) this.book.delivered(id, performance.now());
    };
    onLive(socket, "seat:change", onEvent);
    onLive(socket, "attention:change", onEvent);
    socket.on("disconnect", () => {
      this.disconnects += 1;
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    const joined = (await socket.timeout(10_000).emitWithAck("site:join", { site: this.site })) as {
      ok?: boolean;
    };
    if (!joined.ok) throw new Error(`dashboard could not join site ${this.site}: ${JSON.stringify(joined)}`);
    return hadOne;
  }

  close(): void {
    this.socket?.removeAllListeners("disconnect");
    this.socket?.close();
    this.socket = undefined;
  }
}

/** Commit notifications from the trigger db-probe.ts installs on seat_events: "<device> <seq>,<seq>;<device> …". */
export const COMMIT_CHANNEL = "bench_commit";

/**
 * LISTENs on the database. Postgres delivers a NOTIFY only when the transaction that raised it commits,
 * so its arrival marks the row as committed (plus one local socket hop).
 */
export async function listenForCommits(url: string, book: EventBook): Promise<() => Promise<void>> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql.listen(COMMIT_CHANNEL, (payload) => {
    const now = performance.now();
    for (const part of payload.split(";")) {
      const space = part.indexOf(" ");
      const device = part.slice(0, space);
      for (const seq of part.slice(space + 1).split(",")) book.committed(device, Number(seq), now);
    }
  });
  return () => sql.end({ timeout: 5 });
}

/** The raw baseline's receiver: one plain subscriber on everything the devices publish. */
export async function rawSubscriber(url: string, book: EventBook): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, { clientId: "raw-subscriber", reconnectPeriod: 0 });
  client.on("message", (_topic, payload) => {
    const now = performance.now();
    const { id } = JSON.parse(payload.toString("utf8")) as { id: string };
    book.delivered(id, now);
  });
  await client.subscribeAsync("sitewatch/#", { qos: 1 });
  return client;
}
