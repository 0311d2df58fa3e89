import { cameraRoles, deviceIdSchema, siteIdSchema } from "@sitewatch/shared-protocol";
import { z } from "zod";
import { roleTable } from "../roles/role-table.js";

// The single place the agent's settings are validated. Objects are strict so a typo in a hand-edited
// file ("intervallMs") is an error instead of a silently ignored setting.

const httpUrl = z
  .string()
  .regex(/^https?:\/\/[^\s/]+/, "must be an http:// or https:// URL")
  .transform((u) => u.replace(/\/+$/, ""));
const mqttUrl = z
  .string()
  .regex(/^(mqtts?|wss?):\/\/[^\s/]+/, "must be an mqtt://, mqtts://, ws:// or wss:// URL");

type CameraSchema = (typeof roleTable)[keyof typeof roleTable]["camera"];

/** A camera entry: one shape per role (role-table.ts), told apart by `role`. */
export const agentCameraSchema = z.discriminatedUnion(
  "role",
  cameraRoles.map((role) => roleTable[role].camera) as [CameraSchema, ...CameraSchema[]],
  { error: () => `must be one of ${cameraRoles.map((r) => JSON.stringify(r)).join(", ")}` },
);
export type AgentCamera = z.infer<typeof agentCameraSchema>;
/** A camera entry of one role, e.g. `CameraOf<"seats">` with its seats, motion and analysis settings. */
export type CameraOf<R extends AgentCamera["role"]> = Extract<AgentCamera, { role: R }>;

export const agentConfigSchema = z
  .strictObject({
    hub: z.strictObject({ url: httpUrl, mqttUrl }),
    device: z.strictObject({
      site: siteIdSchema,
      id: deviceIdSchema,
      /** Relative paths are resolved against the config file's folder. */
      credentialsFile: z.string().min(1).default("sitewatch-agent.credentials.json"),
    }),
    dataDir: z.string().min(1).default("sitewatch-data"),
    detector: z
      .strictObject({
        model: z.string().min(1).default("centernet"),
        threads: z.number().int().min(1).max(64).default(2),
        scoreThreshold: z.number().min(0).max(1).default(0.4),
      })
      .default({ model: "centernet", threads: 2, scoreThreshold: 0.4 }),
    /** Revision of the last configuration pushed by the hub; older pushes are ignored. */
    configRevision: z.number().int().min(0).default(0),
    cameras: z.array(agentCameraSchema).max(64).default([]),
    privacy: z.strictObject({ blurFaces: z.boolean().default(true) }).default({ blurFaces: true }),
    /** `edge-agent worker`: how this device analyses its own recorded segments. */
    analysis: z
      .strictObject({
        /** A vision-language model on Ollama's HTTP API (on this device or the site's network). */
        vlm: z
          .strictObject({
            url: httpUrl,
            model: z.string().min(1).default("qwen2.5vl:3b"),
            timeoutMs: z.number().int().min(1_000).max(600_000).default(120_000),
          })
          .optional(),
      })
      .optional(),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.cameras.forEach((camera, i) => {
      if (seen.has(camera.id))
        ctx.addIssue({
          code: "custom",
          path: ["cameras", i, "id"],
          message: `duplicate camera id "${camera.id}"`,
        });
      seen.add(camera.id);
    });
  });
export type AgentConfig = z.infer<typeof agentConfigSchema>;
/** What a person or `init` writes: defaults may be left out. */
export type AgentConfigInput = z.input<typeof agentConfigSchema>;

/** MQTT credentials from enrolment, kept apart from the config so the config can be shared and diffed. */
export const credentialsSchema = z.strictObject({
  username: z.string().min(1),
  password: z.string().min(1),
});
export type Credentials = z.infer<typeof credentialsSchema>;
