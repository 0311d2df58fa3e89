import { createRoute } from "@hono/zod-openapi";
import { createEnrollmentToken, enrollDevice, listEnrollmentTokens } from "../../auth/device-enrollment.js";
import type { App, HttpDeps } from "../app-types.js";
import { requireAdmin, requireSiteRow } from "../guards.js";
import { bearer, body, errors, json, noAuth, SiteParams } from "../schemas/common.js";
import {
  CreatedEnrollmentTokenSchema,
  CreateEnrollmentTokenBody,
  EnrollBody,
  EnrollmentSchema,
  EnrollmentTokenListSchema,
  enrollmentTokenView,
} from "../schemas/devices.js";

const tags = ["devices"];

const createToken = createRoute({
  method: "post",
  path: "/api/v1/sites/{site}/enrollment-tokens",
  tags,
  summary: "Create a single-use enrolment token for a new device (admin)",
  security: bearer,
  request: { params: SiteParams, body: body(CreateEnrollmentTokenBody) },
  responses: {
    201: json(CreatedEnrollmentTokenSchema, "The token, with its secret shown once"),
    ...errors(400, 401, 403, 404),
  },
});

const listTokens = createRoute({
  method: "get",
  path: "/api/v1/sites/{site}/enrollment-tokens",
  tags,
  summary: "List a site's enrolment tokens (admin)",
  security: bearer,
  request: { params: SiteParams },
  responses: { 200: json(EnrollmentTokenListSchema, "Tokens, newest first"), ...errors(401, 403, 404) },
});

const enroll = createRoute({
  method: "post",
  path: "/api/v1/devices/enroll",
  tags,
  summary: "Trade an enrolment token for per-device MQTT credentials (called by `edge-agent init`)",
  description:
    "No user login: the token is the credential. Unknown or expired token → UNAUTHENTICATED; used token or " +
    "an already active device id → CONFLICT; a re-enrolment token used for another device id → FORBIDDEN. " +
    "A re-enrolment token replaces its device's credentials even while the device is active.",
  security: noAuth,
  request: { body: body(EnrollBody) },
  responses: {
    201: json(EnrollmentSchema, "The device's MQTT credentials"),
    ...errors(400, 401, 403, 409),
  },
});

export function registerEnrollmentRoutes(app: App, deps: HttpDeps): void {
  const { db } = deps.database;

  app.openapi(createToken, async (c) => {
    const { site } = c.req.valid("param");
    const admin = requireAdmin(c);
    await requireSiteRow(c, db, site);
    const { note, expiresInS } = c.req.valid("json");
    const { token, view } = await createEnrollmentToken(db, {
      site,
      note,
      ttlS: expiresInS,
      createdBy: admin.userId,
    });
    return c.json({ ...enrollmentTokenView(view), token }, 201);
  });

  app.openapi(listTokens, async (c) => {
    const { site } = c.req.valid("param");
    requireAdmin(c);
    await requireSiteRow(c, db, site);
    return c.json({ tokens: (await listEnrollmentTokens(db, site)).map(enrollmentTokenView) }, 200);
  });

  app.openapi(enroll, async (c) => {
    const input = c.req.valid("json");
    const enrollment = await enrollDevice(db, input);
    deps.brokerAuth?.invalidate(enrollment.mqtt.username);
    deps.logger.info({ site: enrollment.site, device: enrollment.device }, "device enrolled");
    return c.json(enrollment, 201);
  });
}
