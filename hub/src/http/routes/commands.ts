import { createRoute } from "@hono/zod-openapi";
import { and, desc, eq, sql } from "drizzle-orm";
import { deviceCommands, devices } from "../../db/schema/index.js";
import { ApiError, notFound } from "../../errors/api-error.js";
import type { App, HttpDeps } from "../app-types.js";
import { buildDeviceConfig } from "../device-config.js";
import { requireSiteRow } from "../guards.js";
import {
  CommandListQuery,
  CommandListSchema,
  CommandOutcomeSchema,
  commandKinds,
  commandRecordView,
  SendCommandBody,
} from "../schemas/commands.js";
import { bearer, body, DeviceParams, errors, json } from "../schemas/common.js";

const tags = ["commands"];
const path = "/api/v1/sites/{site}/devices/{device}/commands";

const send = createRoute({
  method: "post",
  path,
  tags,
  summary: "Send a command to a device over MQTT and wait for its acknowledgement",
  description:
    "Answers 200 when the device accepted/completed it, COMMAND_FAILED (502) when it reported a failure, " +
    "DEVICE_OFFLINE (503) when it is not connected and COMMAND_TIMEOUT (504) when no answer came in time.",
  security: bearer,
  request: { params: DeviceParams, body: body(SendCommandBody) },
  responses: {
    200: json(CommandOutcomeSchema, "The device's acknowledgement"),
    ...errors(400, 401, 403, 404, 409, 502, 503, 504),
  },
});

const list = createRoute({
  method: "get",
  path,
  tags,
  summary: "Recent commands of a device and what became of them",
  security: bearer,
  request: { params: DeviceParams, query: CommandListQuery },
  responses: { 200: json(CommandListSchema, "Commands"), ...errors(400, 401, 403, 404) },
});

export function registerCommandRoutes(app: App, deps: HttpDeps): void {
  const { db } = deps.database;

  app.openapi(send, async (c) => {
    const { site, device } = c.req.valid("param");
    const { principal } = await requireSiteRow(c, db, site);
    const input = c.req.valid("json");
    const [dev] = await db
      .select()
      .from(devices)
      .where(and(eq(devices.siteId, site), eq(devices.id, device)));
    if (!dev) throw notFound(`device ${device}`);
    // Offline and revoked devices are refused by the CommandService, which also records the attempt.
    if (!deps.commands) throw new ApiError("INTERNAL", "this hub process has no command relay");

    const kind = commandKinds[input.name];
    let fields: Record<string, unknown> = input.body;
    if (kind === "configPush") {
      const [bumped] = await db
        .update(devices)
        .set({ configRevision: sql`${devices.configRevision} + 1` })
        .where(and(eq(devices.siteId, site), eq(devices.id, device)))
        .returning({ revision: devices.configRevision });
      fields = {
        revision: bumped?.revision ?? dev.configRevision + 1,
        cameras: await buildDeviceConfig(db, site, device),
      };
    }
    // The CommandService validates the body against the protocol (VALIDATION_FAILED) and records the command.
    const outcome = await deps.commands.send(kind, { site, device }, fields as never, {
      by: principal,
      waitFor: input.waitFor,
      timeoutMs: input.timeoutMs ?? deps.config.commandTimeoutMs,
    });
    if (outcome.status === "timeout") {
      throw new ApiError("COMMAND_TIMEOUT", `device ${device} did not answer ${input.name} in time`, {
        commandId: outcome.id,
      });
    }
    if (outcome.status === "failed") {
      throw new ApiError("COMMAND_FAILED", outcome.error?.message ?? `device ${device} reported a failure`, {
        commandId: outcome.id,
        deviceError: outcome.error,
      });
    }
    return c.json({ id: outcome.id, name: input.name, status: outcome.status, result: outcome.result }, 200);
  });

  app.openapi(list, async (c) => {
    const { site, device } = c.req.valid("param");
    await requireSiteRow(c, db, site);
    const rows = await db
      .select()
      .from(deviceCommands)
      .where(and(eq(deviceCommands.siteId, site), eq(deviceCommands.deviceId, device)))
      .orderBy(desc(deviceCommands.createdAt))
      .limit(c.req.valid("query").limit);
    return c.json({ commands: rows.map(commandRecordView) }, 200);
  });
}
