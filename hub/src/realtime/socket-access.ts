import { setImmediate as afterPendingWork } from "node:timers/promises";
import type { AccessRevoked } from "@sitewatch/shared-protocol";
import type { AccessEvents } from "../auth/access-events.js";
import { type Authenticator, canSeeSite, type Principal } from "../auth/principal.js";
import { ApiError } from "../errors/api-error.js";
import type { AccessChange } from "../events/domain-events.js";
import type { Logger } from "../observability/logger.js";
import { type HubIo, type HubSocket, siteOfRoom, userRoom } from "./socket-types.js";

// fetchSockets() yields this: the live Socket for local connections, a proxy for other instances' ones.
type FetchedSocket = Awaited<ReturnType<HubIo["fetchSockets"]>>[number];

// A principal resolved while access kept changing is retried this often, then the request is refused.
const MAX_RESOLVE_ATTEMPTS = 3;
/**
 * The adapter publishes the notice and the disconnect to another instance as two messages over pooled
 * connections, so they may arrive swapped; the notice gets this head start. Losing it costs little:
 * the reconnect is refused with the same reason.
 */
const REMOTE_NOTICE_HEAD_START_MS = 200;

/**
 * Keeps open Socket.IO connections to what their credential allows now, not at the handshake:
 * every request re-resolves it (`principalOf`), an access change re-checks the affected connections
 * at once (`watch`), and a JWT connection ends when its token expires.
 */
export class SocketAccess {
  // Bumped synchronously on every access change, so a request can tell its principal might be stale.
  private version = 0;

  constructor(
    private readonly io: HubIo,
    private readonly authenticator: Authenticator,
    private readonly logger: Logger,
  ) {}

  /** Subscribes to access changes; returns the unsubscribe function. */
  watch(events: Pick<AccessEvents, "subscribe">): () => void {
    return events.subscribe(async (change) => {
      this.version += 1;
      // A request whose principal was resolved before this change joins its room within the pending
      // microtasks; waiting for them lets the re-check below find and undo that join.
      await afterPendingWork();
      await this.reevaluate(change);
    });
  }

  /**
   * The socket's principal as the database says now. Call it as the last await before joining a room:
   * a change that commits later finds the socket already in the room and takes it out again.
   * Throws ApiError UNAUTHENTICATED when the credential stopped working (the caller then `end`s the socket).
   */
  async principalOf(socket: HubSocket): Promise<Principal> {
    for (let attempt = 0; attempt < MAX_RESOLVE_ATTEMPTS; attempt++) {
      const seen = this.version;
      const principal = await this.authenticator.authenticate(credentialOf(socket));
      if (seen === this.version) return principal;
    }
    throw new ApiError("CONFLICT", "your access changed while the request ran; retry");
  }

  /** Tells the client why, then closes the connection (the dashboard reconnects with a fresh token). */
  end(socket: HubSocket | FetchedSocket, message: string): void {
    const notice: AccessRevoked = { code: "UNAUTHENTICATED", message };
    socket.emit("access:revoked", notice);
    // fetchSockets() yields the Socket itself for this instance's connections, a proxy for others'.
    if ("nsp" in socket) socket.disconnect(true);
    else setTimeout(() => socket.disconnect(true), REMOTE_NOTICE_HEAD_START_MS).unref();
    this.logger.info({ socket: socket.id, reason: message }, "dashboard connection ended: access revoked");
  }

  /**
   * The token is otherwise only checked when a request arrives, so without this an idle socket would
   * keep receiving pushes after its access token (and perhaps the user) expired.
   */
  endAtExpiry(socket: HubSocket): void {
    const { expiresAt } = socket.data;
    if (expiresAt === undefined) return;
    const timer = setTimeout(
      () => this.end(socket, "access token expired"),
      Math.max(0, expiresAt - Date.now()),
    );
    timer.unref();
    socket.once("disconnect", () => clearTimeout(timer));
  }

  private async reevaluate(change: AccessChange): Promise<void> {
    if (change.kind === "site-removed") {
      const sockets = await this.fetch();
      for (const socket of sockets) this.dropSite(socket, change.siteId, `site ${change.siteId} was deleted`);
      return;
    }
    const sockets = await this.fetch(userRoom(change.userId));
    await Promise.all(sockets.map((socket) => this.recheck(socket)));
  }

  private async recheck(socket: FetchedSocket): Promise<void> {
    let principal: Principal;
    try {
      principal = await this.authenticator.authenticate(credentialOf(socket));
    } catch (err) {
      if (err instanceof ApiError) return this.end(socket, err.message);
      // The database is down, say: the next request re-checks anyway and is refused if it must be.
      this.logger.warn({ err, socket: socket.id }, "could not re-check a dashboard's access");
      return;
    }
    const sites = new Set([...socket.rooms].map(siteOfRoom).filter((s) => s !== undefined));
    for (const site of sites) {
      if (!canSeeSite(principal, site))
        this.dropSite(socket, site, `you no longer have access to site ${site}`);
    }
  }

  /** Leaves the site's room and its cameras' rooms; leaving a camera room ends that live view. */
  private dropSite(socket: FetchedSocket, site: string, message: string): void {
    const rooms = [...socket.rooms].filter((room) => siteOfRoom(room) === site);
    if (rooms.length === 0) return;
    // One at a time: a local Socket's leave() takes a single room.
    for (const room of rooms) socket.leave(room);
    const notice: AccessRevoked = { code: "FORBIDDEN", message, site };
    socket.emit("access:revoked", notice);
    this.logger.info({ socket: socket.id, site }, "dashboard lost access to a site");
  }

  /** Every instance's sockets (through the adapter); this instance's alone when the others do not answer. */
  private async fetch(room?: string): Promise<FetchedSocket[]> {
    try {
      return await (room ? this.io.in(room) : this.io).fetchSockets();
    } catch (err) {
      this.logger.warn(
        { err, room },
        "other hub instances did not list their sockets; re-checking local ones",
      );
      return (room ? this.io.local.in(room) : this.io.local).fetchSockets();
    }
  }
}

function credentialOf(socket: { handshake: { auth: Record<string, unknown> } }): string {
  const token = socket.handshake.auth.token;
  // The handshake refused anything else, so this only guards against a client rewriting its auth object.
  if (typeof token !== "string") throw new ApiError("UNAUTHENTICATED", "auth.token is required");
  return token;
}
