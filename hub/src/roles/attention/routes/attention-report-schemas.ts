import { z } from "@hono/zod-openapi";
import { attentionStateSchema, slugSchema } from "@sitewatch/shared-protocol";
import { isoQuery, param, siteParam, timestamp } from "../../../http/schemas/common.js";

const pct = z.number().nullable().describe("Percent, 2 decimals; null when nothing was tracked");
const perState = <S extends z.ZodType>(schema: S) =>
  z.object({ focused: schema, drowsy: schema, yawning: schema, distracted: schema, absent: schema });
const perAlert = <S extends z.ZodType>(schema: S) =>
  z.object({ drowsy: schema, yawning: schema, distracted: schema, absent: schema });

export const ReportParams = z.object({
  site: siteParam,
  session: param(slugSchema.describe("Focus session id"), "session"),
});

export const ReportQuery = z.object({
  coaching: z
    .enum(["1", "0", "true", "false"])
    .optional()
    .transform((v) => v === "1" || v === "true")
    .describe("Add short coaching text (Ollama when configured, else rule-based) in the learner's language"),
});

export const CoachingSchema = z
  .object({
    text: z.string(),
    language: z.string().describe("ISO 639 code of the text's language"),
    source: z.enum(["ollama", "rules"]),
    model: z.string().optional().describe("The Ollama model that wrote the text"),
    fallback: z
      .enum(["timeout", "error"])
      .optional()
      .describe("Why rule-based text stands in for the model's"),
  })
  .openapi("AttentionCoaching");

export const SessionReportSchema = z
  .object({
    session: z.string(),
    source: z.string().nullable(),
    learner: z.string().nullable().describe("The learner's user id; null for anonymous edge sessions"),
    language: z.string().nullable(),
    startedAt: timestamp,
    endedAt: timestamp.nullable().describe("Null while the session runs"),
    until: timestamp.describe("Where the timeline ends: the end, or the latest stored moment"),
    trackedMs: z.number().describe("Time covered by the timeline (pauses excluded)"),
    pausedMs: z.number(),
    focusPct: pct.describe("focused ÷ tracked time"),
    states: perState(
      z.object({
        episodes: z.number().int().describe("Separate spans of this state"),
        ms: z.number(),
        longestMs: z.number(),
        pct,
      }),
    ),
    timeline: z.array(
      z.object({ state: attentionStateSchema, start: timestamp, end: timestamp, durationMs: z.number() }),
    ),
    alerts: z.array(z.object({ kind: z.string(), at: timestamp, durationMs: z.number() })),
    alertCounts: perAlert(z.number().int()),
    blinks: z.object({
      total: z.number().int(),
      perMinute: z.number().nullable().describe("Blinks per minute of visible face"),
    }),
    minutes: z
      .array(
        z.object({
          minute: timestamp,
          focusPct: pct,
          blinks: z.number().int(),
          blinkRate: z.number().nullable(),
          facePct: pct.describe("Share of samples with a face"),
          earAvg: z.number().nullable(),
          marAvg: z.number().nullable(),
          stateMs: perState(z.number()),
        }),
      )
      .describe("One entry per stored minute (learner sessions; none for edge sessions)"),
    halves: z.object({ first: pct, second: pct }).describe("Focus % of the first and second half"),
    coaching: CoachingSchema.optional(),
  })
  .openapi("AttentionSessionReport");

export const TrendQuery = z.object({
  learner: z
    .union([z.literal("me"), z.uuid()])
    .optional()
    .describe("A learner's user id, or `me`; the whole site when absent (site managers and admins)"),
  from: isoQuery.optional().describe("Start (inclusive); default 30 days before `to`"),
  to: isoQuery.optional().describe("End (exclusive); default now"),
});

const Figures = { trackedMs: z.number(), focusPct: pct, alerts: z.number().int() };

export const TrendReportSchema = z
  .object({
    site: z.string(),
    timezone: z.string().describe("Hours, weekdays and days are local to this zone"),
    learner: z.string().nullable(),
    from: timestamp,
    to: timestamp,
    sessions: z.number().int().describe("Sessions started in the range"),
    summary: z.object({
      ...Figures,
      stateMs: perState(z.number()),
      blinks: z.number().int(),
      blinkRatePerMin: z.number().nullable(),
    }),
    byHour: z.array(z.object({ hour: z.number().int(), ...Figures })).describe("24 entries, hour 0 first"),
    byWeekday: z
      .array(z.object({ weekday: z.number().int(), ...Figures }))
      .describe("7 entries, Monday (0) first"),
    daily: z.array(z.object({ date: z.string().describe("Local date YYYY-MM-DD"), ...Figures })),
    trend: z.object({
      slopePctPerDay: z.number().nullable().describe("Weighted least-squares slope of daily focus %"),
      direction: z.enum(["improving", "declining", "steady"]).nullable(),
    }),
  })
  .openapi("AttentionTrendReport");
