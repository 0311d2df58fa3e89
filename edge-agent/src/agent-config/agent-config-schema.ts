import {
  cameraIdSchema,
  cameraRoleSchema,
  deviceIdSchema,
  seatDefinitionSchema,
  siteIdSchema,
} from "@sitewatch/shared-protocol";
import { z } from "zod";

// The single place the agent's settings are validated. Objects are strict so a typo in a hand-edited
// file ("intervallMs") is an error instead of a silently ignored setting.

const httpUrl = z
  .string()
  .regex(/^https?:\/\/[^\s/]+/, "must be an http:// or https:// URL")
  .transform((u) => u.replace(/\/+$/, ""));
const mqttUrl = z
  .string()
  .regex(/^(mqtts?|wss?):\/\/[^\s/]+/, "must be an mqtt://, mqtts://, ws:// or wss:// URL");
/** rtsp(s):// and file:// URLs, or a plain path to a video file (handy for trials and tests). */
const cameraUrl = z
  .string()
  .min(1)
  .max(1024)
  .refine((u) => /^(rtsps?|file):\/\//i.test(u) || !/^[a-z][a-z0-9+.-]*:\/\//i.test(u), {
    message: "must be an rtsp://, rtsps:// or file:// URL or a path to a video file",
  });

export const motionOptionsSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Mean absolute pixel change (0..1) inside a seat region that counts as motion. */
  threshold: z.number().min(0).max(1).default(0.02),
  /** Re-run the detector on a seat after this many quiet intervals anyway. */
  forceEvery: z.number().int().min(1).max(1000).default(10),
});

export const analysisOptionsSchema = z.strictObject({
  heldAfterMs: z.number().int().min(0).max(86_400_000).default(600_000),
  entryDebounceMs: z.number().int().min(0).max(3_600_000).default(6_000),
  exitDebounceMs: z.number().int().min(0).max(3_600_000).default(30_000),
  /** Fraction of a person box that must overlap a seat polygon when its bottom-centre is outside. */
  minOverlap: z.number().min(0).max(1).default(0.3),
});

export const agentCameraSchema = z.strictObject({
  id: cameraIdSchema,
  name: z.string().min(1).max(200),
  /** A disabled camera keeps its settings but runs no pipeline. */
  enabled: z.boolean().default(true),
  url: cameraUrl,
  role: cameraRoleSchema.default("seats"),
  intervalMs: z.number().int().min(200).max(60_000).default(3_000),
  maxWidth: z.number().int().min(160).max(3840).optional(),
  seats: z.array(seatDefinitionSchema).max(256).default([]),
  motion: motionOptionsSchema.default(() => motionOptionsSchema.parse({})),
  analysis: analysisOptionsSchema.default(() => analysisOptionsSchema.parse({})),
});
export type AgentCamera = z.infer<typeof agentCameraSchema>;

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
      const seats = new Set<string>();
      camera.seats.forEach((s, j) => {
        if (seats.has(s.seat))
          ctx.addIssue({
            code: "custom",
            path: ["cameras", i, "seats", j, "seat"],
            message: `duplicate seat "${s.seat}"`,
          });
        seats.add(s.seat);
      });
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
