import {
  type ErrorCode,
  focusSampleSchema,
  focusSessionRefSchema,
  focusStartSchema,
} from "@sitewatch/shared-protocol";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { type Authenticator, canSeeSite } from "../../../auth/principal.js";
import type { Database } from "../../../db/client.js";
import { sites } from "../../../db/schema/index.js";
import { ApiError, forbidden, notFound } from "../../../errors/api-error.js";
import type { Logger } from "../../../observability/logger.js";
import type { HubIo, HubSocket } from "../../../realtime/socket-types.js";
import type { FocusOutput } from "./focus-session.js";
import type { FocusSessions } from "./focus-sessions.js";

export interface FocusSocketDeps {
  sessions: FocusSessions;
  /** Re-resolves the caller's credential on focus:start, so access changed since the handshake counts. */
  authenticator: Authenticator;
  database: Database;
  logger: Logger;
}

type AckResult = { ok: true; data: unknown } | { ok: false; error: { code: ErrorCode; message: string } };
// Handlers are registered by name; each validates its own input with the protocol's schema.
type UntypedSocket = { on(event: string, listener: (...args: unknown[]) => void): void };

// focus:start reads the database; a client may not queue more of that than this.
const MAX_IN_FLIGHT = 4;

/** Serves focus:* on every dashboard connection of `io`; returns the function that stops it. */
export function attachFocusSockets(io: HubIo, deps: FocusSocketDeps): () => void {
  const onConnection = (socket: HubSocket) => registerFocusHandlers(socket, deps);
  io.on("connection", onConnection);
  return () => {
    io.off("connection", onConnection);
  };
}

/**
 * focus:start / sample / pause / resume / end of one connection. Answers (focus:state, focus:alert)
 * go to this socket only, never to a room. A session belongs to its learner, not to the socket: the
 * learner's next connection (a reconnect) takes it over with its first request or sample.
 */
export function registerFocusHandlers(socket: HubSocket, deps: FocusSocketDeps): void {
  const { sessions } = deps;
  const raw = socket as unknown as UntypedSocket;
  const userId = socket.data.principal.userId;
  const mine = new Set<string>();
  const output: FocusOutput = {
    state: (m) => socket.emit("focus:state", m),
    alert: (m) => socket.emit("focus:alert", m),
    ended: (summary, reason) => {
      mine.delete(summary.session);
      socket.emit("focus:ended", { reason: reason as "idle" | "disconnected" | "shutdown", summary });
    },
  };
  const reject = (event: string, code: ErrorCode) => sessions.metrics.requestsRejected.inc({ event, code });

  /** A session of this learner, taken over by this connection if another one drove it. */
  const own = (session: string): boolean => {
    if (mine.has(session)) return true;
    if (sessions.ownerOf(session) !== userId) return false;
    sessions.attach(session, output);
    mine.add(session);
    return true;
  };

  let inFlight = 0;
  const request = <S extends z.ZodType>(event: string, schema: S, run: (req: z.infer<S>) => unknown) => {
    raw.on(event, async (input: unknown, ack: unknown) => {
      const reply = typeof ack === "function" ? (ack as (r: AckResult) => void) : () => {};
      const fail = (code: ErrorCode, message: string) => {
        reject(event, code);
        reply({ ok: false, error: { code, message } });
      };
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return fail(
          "VALIDATION_FAILED",
          `${event}: ${issue?.path.join(".") || "(request)"}: ${issue?.message}`,
        );
      }
      if (inFlight >= MAX_IN_FLIGHT) return fail("RATE_LIMITED", "too many requests in progress");
      inFlight += 1;
      try {
        reply({ ok: true, data: await run(parsed.data) });
      } catch (err) {
        if (err instanceof ApiError) return fail(err.code, err.message);
        deps.logger.error({ err, event, socket: socket.id }, "focus request failed");
        fail("INTERNAL", "internal error");
      } finally {
        inFlight -= 1;
      }
    });
  };
  const mustOwn = (session: string) => {
    // Someone else's session is reported missing, so probing ids reveals nothing.
    if (!own(session)) throw notFound(`focus session ${session}`);
  };

  request("focus:start", focusStartSchema, async (req) => {
    const [row] = await deps.database.db.select({ id: sites.id }).from(sites).where(eq(sites.id, req.site));
    const principal = await deps.authenticator.authenticate(String(socket.handshake.auth?.token));
    // Checked before existence, so probing site ids reveals nothing.
    if (!canSeeSite(principal, req.site)) throw forbidden(`you may not access site ${req.site}`);
    if (!row) throw notFound(`site ${req.site}`);
    if (socket.disconnected) throw new ApiError("CONFLICT", "the connection closed while the request ran");
    const started = await sessions.open({ ...req, learner: principal.userId, output });
    mine.add(started.session);
    return started;
  });

  request("focus:pause", focusSessionRefSchema, ({ session }) => {
    mustOwn(session);
    sessions.pause(session);
    return undefined;
  });

  request("focus:resume", focusSessionRefSchema, ({ session }) => {
    mustOwn(session);
    sessions.resume(session);
    return undefined;
  });

  request("focus:end", focusSessionRefSchema, async ({ session }) => {
    mustOwn(session);
    mine.delete(session);
    return sessions.end(session);
  });

  // The hot path: ~30 a second per learner, no acknowledgement; the answer is focus:state.
  raw.on("focus:sample", (input: unknown) => {
    const arrived = performance.now();
    const parsed = focusSampleSchema.safeParse(input);
    if (!parsed.success) return reject("focus:sample", "VALIDATION_FAILED");
    const { session, seq, at, face } = parsed.data;
    if (!own(session)) {
      sessions.metrics.samplesDropped.inc({ reason: "unknown" });
      return;
    }
    sessions.sample(session, seq, at, face, arrived);
  });

  socket.on("disconnect", () => {
    for (const session of mine) sessions.detach(session, output);
  });
}
