import { z } from "@hono/zod-openapi";
import { type CommandKind, type CommandName, commandNameSchema } from "@sitewatch/shared-protocol";
import type { deviceCommands } from "../../db/schema/index.js";
import { iso, timestamp } from "./common.js";

/** REST command names (kebab-case, as on the MQTT topic) → protocol message kinds. */
export const commandKinds: Record<CommandName, CommandKind> = {
  "config-push": "configPush",
  "live-start": "liveStart",
  "live-stop": "liveStop",
  snapshot: "snapshotRequest",
  "restart-pipeline": "restartPipeline",
  "segment-upload": "segmentUpload",
};

export const SendCommandBody = z
  .object({
    name: commandNameSchema,
    body: z
      .record(z.string(), z.unknown())
      .default({})
      .describe(
        'The command\'s fields without v/id/ts, e.g. `{camera: "cam1"}` for snapshot. Ignored for ' +
          "config-push, which always sends the stored configuration.",
      ),
    waitFor: z
      .enum(["accepted", "completed"])
      .default("completed")
      .describe("Answer as soon as the device accepts, or wait until it completes"),
    timeoutMs: z
      .number()
      .int()
      .min(100)
      .max(600_000)
      .optional()
      .describe("Default: the hub's COMMAND_TIMEOUT_MS"),
  })
  .openapi("SendCommandRequest");

export const CommandOutcomeSchema = z
  .object({
    id: z.string(),
    name: commandNameSchema,
    status: z.enum(["completed", "accepted"]),
    result: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi("CommandOutcome");

export const CommandRecordSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(["sent", "accepted", "completed", "failed", "timeout"]),
    payload: z.unknown(),
    error: z.unknown().nullable(),
    result: z.unknown().nullable(),
    createdBy: z.string().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .openapi("CommandRecord");

export const CommandListQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export const CommandListSchema = z
  .object({ commands: z.array(CommandRecordSchema).describe("Newest first") })
  .openapi("CommandList");

export function commandRecordView(
  r: typeof deviceCommands.$inferSelect,
): z.infer<typeof CommandRecordSchema> {
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    payload: r.payload,
    error: r.error ?? null,
    result: r.result ?? null,
    createdBy: r.createdBy,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}
