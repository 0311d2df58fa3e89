import { createRoute, z } from "@hono/zod-openapi";
import { focusLanguageSchema, focusStartedSchema } from "@sitewatch/shared-protocol";
import type { App, HttpDeps, RouteRegistrar } from "../../../http/app-types.js";
import { requireSiteRow } from "../../../http/guards.js";
import { annotate, bearer, body, ErrorBody, errors, json, SiteParams } from "../../../http/schemas/common.js";
import type { FocusOutput } from "../live/focus-session.js";
import type { FocusSessions } from "../live/focus-sessions.js";
import { FRAME_PATH } from "./frame-socket.js";

const StartBody = z.object({ language: focusLanguageSchema.optional() }).openapi("FrameSessionStart");
const Started = annotate(focusStartedSchema, "FrameSessionStarted");

const start = createRoute({
  method: "post",
  path: "/api/v1/sites/{site}/attention-sessions/frames",
  tags: ["attention"],
  summary: "Start a focus session fed by frames over the frame socket",
  description:
    `For clients that cannot run the face models: start a session here, then send its frames as ` +
    `binary messages to the WebSocket \`${FRAME_PATH}\` (same credentials; \`access_token\` query ` +
    "parameter for browsers). Each frame: `SWF1`, u8 session length, session id (UTF-8), u32 seq " +
    "(from 0), f64 capture time in epoch ms, all big-endian, then the JPEG. The session belongs to the " +
    "caller and ends after a minute without frames.",
  security: bearer,
  request: { params: SiteParams, body: body(StartBody) },
  responses: {
    201: json(Started, "The session, ready for frames"),
    ...errors(400, 401, 403, 404),
    429: json(ErrorBody, "Too many focus sessions (RATE_LIMITED)"),
  },
});

// Until the learner's frame connection takes the session over, there is nobody to answer.
const parked: FocusOutput = { state: () => {}, alert: () => {} };

/** POST /api/v1/sites/{site}/attention-sessions/frames, for the composition root's route list. */
export function frameSessionRoute(sessions: Pick<FocusSessions, "open">): RouteRegistrar {
  return (app: App, { database }: HttpDeps) => {
    app.openapi(start, async (c) => {
      const { site } = c.req.valid("param");
      const { language } = c.req.valid("json");
      const { principal } = await requireSiteRow(c, database.db, site);
      const started = await sessions.open({
        site,
        learner: principal.userId,
        source: "frames",
        language,
        output: parked,
      });
      return c.json(started, 201);
    });
  };
}
