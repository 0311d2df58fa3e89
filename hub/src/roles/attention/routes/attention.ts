import { createRoute } from "@hono/zod-openapi";
import { and, asc, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { attentionEvents, attentionSessions } from "../../../db/schema/index.js";
import { notFound } from "../../../errors/api-error.js";
import type { App, HttpDeps } from "../../../http/app-types.js";
import { requireSiteRow } from "../../../http/guards.js";
import { bearer, errors, json, SiteParams } from "../../../http/schemas/common.js";
import {
  attentionEventView,
  SessionDetailSchema,
  SessionListQuery,
  SessionListSchema,
  SessionParams,
  sessionView,
} from "./attention-schemas.js";

const tags = ["attention"];
// A session lasts hours at most and changes state a few times a minute; this bounds one response.
const MAX_EVENTS = 5_000;

const list = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}/attention-sessions",
  tags,
  summary: "Focus-monitoring sessions, newest first",
  security: bearer,
  request: { params: SiteParams, query: SessionListQuery },
  responses: { 200: json(SessionListSchema, "Sessions"), ...errors(400, 401, 403, 404) },
});

const get = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}/attention-sessions/{session}",
  tags,
  summary: "One session with its state changes and alerts (the session report's timeline)",
  security: bearer,
  request: { params: SessionParams },
  responses: {
    200: json(SessionDetailSchema, "The session and its events"),
    ...errors(400, 401, 403, 404),
  },
});

export function registerAttentionRoutes(app: App, { database }: HttpDeps): void {
  const { db } = database;

  app.openapi(list, async (c) => {
    const { site } = c.req.valid("param");
    const q = c.req.valid("query");
    await requireSiteRow(c, db, site);
    const filters: SQL[] = [eq(attentionSessions.siteId, site)];
    if (q.from) filters.push(gte(attentionSessions.startedAt, new Date(q.from)));
    if (q.to) filters.push(lt(attentionSessions.startedAt, new Date(q.to)));
    if (q.device) filters.push(eq(attentionSessions.deviceId, q.device));
    if (q.camera) filters.push(eq(attentionSessions.cameraId, q.camera));
    const rows = await db
      .select()
      .from(attentionSessions)
      .where(and(...filters))
      .orderBy(desc(attentionSessions.startedAt), desc(attentionSessions.id))
      .limit(q.limit);
    return c.json({ sessions: rows.map(sessionView) }, 200);
  });

  app.openapi(get, async (c) => {
    const { site, session } = c.req.valid("param");
    await requireSiteRow(c, db, site);
    const [row] = await db
      .select()
      .from(attentionSessions)
      .where(and(eq(attentionSessions.siteId, site), eq(attentionSessions.id, session)));
    if (!row) throw notFound(`attention session ${session}`);
    const events = await db
      .select()
      .from(attentionEvents)
      .where(and(eq(attentionEvents.siteId, site), eq(attentionEvents.sessionId, session)))
      .orderBy(asc(attentionEvents.at), asc(attentionEvents.id))
      .limit(MAX_EVENTS);
    return c.json({ ...sessionView(row), events: events.map(attentionEventView) }, 200);
  });
}
