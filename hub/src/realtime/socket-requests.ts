import { clientEventSchemas, type ErrorCode, liveEventNames } from "@sitewatch/shared-protocol";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { AlertEngine } from "../alerts/alert-engine.js";
import { canSeeSite, mayWrite, type Principal } from "../auth/principal.js";
import type { Database } from "../db/client.js";
import { cameras, sites } from "../db/schema/index.js";
import { ApiError, forbidden, notFound } from "../errors/api-error.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import { type InitialStateSource, loadInitialAlerts, loadInitialState } from "./initial-state.js";
import type { LiveWatchers } from "./live-watchers.js";
import type { SocketAccess } from "./socket-access.js";
import { cameraRoom, type HubSocket, siteRoom } from "./socket-types.js";

export interface RequestContext {
  database: Database;
  metrics: Metrics;
  logger: Logger;
  watchers: LiveWatchers;
  /** Resolves the caller now (not the handshake's snapshot) and ends sockets whose credential died. */
  access: Pick<SocketAccess, "principalOf" | "end">;
  /** Records acknowledgements; without one (the socket layer tested alone) they are only validated. */
  alerts?: Pick<AlertEngine, "acknowledge" | "siteOf">;
  /** The roles' parts of a site's state, sent on site:join after devices and cameras. */
  initialState: readonly InitialStateSource[];
}

type Schemas = typeof clientEventSchemas;
type AckResult = { ok: true; data: unknown } | { ok: false; error: { code: ErrorCode; message: string } };
// Handlers are registered by a name known only at run time; each one validates its own input.
type UntypedSocket = {
  on(event: string, listener: (...args: unknown[]) => void): void;
  emit(event: string, payload: unknown): boolean;
};

// Rooms joined by a socket that already disconnected would never be left again.
const gone = () => new ApiError("CONFLICT", "the connection closed while the request ran");

/** A client may not queue unbounded database work (every join reads the site's state). */
const MAX_IN_FLIGHT = 4;

/**
 * The dashboard requests. Every one is validated with the shared schemas and answered through its
 * acknowledgement with `{ok:true,data}` or `{ok:false,error:{code,message}}`; nothing a client sends
 * can throw out of a handler.
 */
export function registerRequestHandlers(socket: HubSocket, ctx: RequestContext): void {
  const raw = socket as unknown as UntypedSocket;
  let inFlight = 0;

  const on = <E extends keyof Schemas>(event: E, run: (req: z.infer<Schemas[E]>) => Promise<unknown>) => {
    raw.on(event, async (input: unknown, ack: unknown) => {
      const reply = typeof ack === "function" ? (ack as (result: AckResult) => void) : () => {};
      const fail = (code: ErrorCode, message: string) => {
        ctx.metrics.socketRejected.inc({ reason: code });
        reply({ ok: false, error: { code, message } });
      };
      const parsed = clientEventSchemas[event].safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return fail(
          "VALIDATION_FAILED",
          `${event}: ${issue?.path.join(".") || "(request)"}: ${issue?.message}`,
        );
      }
      if (inFlight >= MAX_IN_FLIGHT) return fail("RATE_LIMITED", `too many requests in progress`);
      inFlight += 1;
      try {
        const data = await run(parsed.data as z.infer<Schemas[E]>);
        reply({ ok: true, data });
      } catch (err) {
        if (err instanceof ApiError) {
          fail(err.code, err.message);
          // After the reply, so the client learns why before the connection closes.
          if (err.code === "UNAUTHENTICATED") ctx.access.end(socket, err.message);
          return;
        }
        ctx.logger.error({ err, event, socket: socket.id }, "socket request failed");
        fail("INTERNAL", "internal error");
      } finally {
        inFlight -= 1;
      }
    });
  };

  // The last await before a join: access revoked afterwards finds the socket in the room and removes it.
  const mayUse = async (site: string): Promise<Principal> => {
    const principal = await ctx.access.principalOf(socket);
    if (!canSeeSite(principal, site)) throw forbidden(`you may not access site ${site}`);
    return principal;
  };

  on("site:join", async ({ site }) => {
    const [row] = await ctx.database.db.select({ id: sites.id }).from(sites).where(eq(sites.id, site));
    // Checked before existence, so probing site ids reveals nothing.
    await mayUse(site);
    if (!row) throw notFound(`site ${site}`);
    if (socket.disconnected) throw gone();
    // Joined before the state is read, so nothing broadcast meanwhile is missed; a live event may
    // then arrive before an older state event, which clients resolve by the events' times.
    await socket.join(siteRoom(site));
    const [state, alerts] = await Promise.all([
      loadInitialState(ctx.database, site, ctx.initialState),
      loadInitialAlerts(ctx.database, site),
    ]);
    for (const { kind, event } of state) raw.emit(liveEventNames[kind], event);
    for (const alert of alerts) socket.emit("alert:raised", alert);
    return { joinedAt: Date.now() };
  });

  on("site:leave", async ({ site }) => {
    await socket.leave(siteRoom(site));
    return undefined;
  });

  on("live:watch", async (address) => {
    const [row] = await ctx.database.db
      .select({ id: cameras.id })
      .from(cameras)
      .where(
        and(
          eq(cameras.siteId, address.site),
          eq(cameras.deviceId, address.device),
          eq(cameras.id, address.camera),
        ),
      );
    await mayUse(address.site);
    if (!row) throw notFound(`camera ${address.site}/${address.device}/${address.camera}`);
    // The socket may have gone while the camera was looked up; a ghost viewer would keep the session alive.
    if (socket.disconnected) throw gone();
    await socket.join(cameraRoom(address));
    return { session: ctx.watchers.watch(socket.id, address) };
  });

  on("live:unwatch", async (address) => {
    await socket.leave(cameraRoom(address));
    ctx.watchers.unwatch(socket.id, address);
    return undefined;
  });

  // The alert stays open (acknowledged) until its condition ends; every dashboard of the site gets it
  // again as `alert:raised` with acknowledgedAt/By.
  on("alert:acknowledge", async ({ id }) => {
    if (!ctx.alerts) return undefined;
    const site = await ctx.alerts.siteOf(id);
    const principal = await ctx.access.principalOf(socket);
    // An alert of a site the caller may not see is reported missing, so probing ids reveals nothing.
    if (!site || !canSeeSite(principal, site)) throw notFound(`alert ${id}`);
    // Watching live is reading; acknowledging changes the alert, which a read-only token may not.
    if (!mayWrite(principal))
      throw forbidden("this API token is read-only: alert:acknowledge is not allowed");
    await ctx.alerts.acknowledge(site, id, principal.email);
    return undefined;
  });
}
