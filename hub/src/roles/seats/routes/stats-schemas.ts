import { z } from "@hono/zod-openapi";
import { seatIdSchema } from "@sitewatch/shared-protocol";
import { isoQuery, timestamp } from "../../../http/schemas/common.js";

export const StatsQuery = z.object({
  from: isoQuery.optional().describe("Start (inclusive) of the range; default 7 days before `to`"),
  to: isoQuery.optional().describe("End (exclusive); default now"),
  bucket: z.enum(["hour", "day"]).default("day").describe("Series granularity, in the site's time zone"),
  seat: seatIdSchema.optional().describe("Restrict every figure to one seat"),
});

const pct = z.number().nullable().describe("Percent, 2 decimals; null when nothing was observed");

const Figures = z.object({
  occupancyPct: pct.describe("occupied ÷ (occupied + vacant + held) time; unknown time is not observed"),
  heldPct: pct.describe("held ÷ observed time"),
  avgStayMs: z.number().nullable().describe("Sum of completed stays ÷ their count"),
  entries: z.number(),
  heldIncidents: z.number(),
  occupiedMs: z.number(),
  vacantMs: z.number(),
  heldMs: z.number(),
  unknownMs: z.number(),
});

export const StatsSchema = z
  .object({
    site: z.string(),
    timezone: z.string(),
    from: timestamp,
    to: timestamp,
    bucket: z.enum(["hour", "day"]),
    days: z.number().describe("Length of the range in days (the divisor of the per-day figures)"),
    summary: Figures.extend({
      seats: z.number().int().describe("Seats with statistics in the range"),
      turnoverPerSeatPerDay: z.number().nullable().describe("entries ÷ seats ÷ days"),
      heldIncidentsPerDay: z.number().describe("held incidents ÷ days"),
    }),
    series: z.array(Figures.extend({ start: timestamp })),
    peakHours: z
      .array(z.object({ hour: z.number().int().min(0).max(23), occupancyPct: pct }))
      .describe("Occupancy by local hour of day, busiest first"),
    heatmap: z
      .array(
        z.object({
          weekday: z.number().int().min(0).max(6).describe("Local weekday, 0 = Monday … 6 = Sunday"),
          hour: z.number().int().min(0).max(23).describe("Local hour of day"),
          occupancyPct: pct,
        }),
      )
      .describe("Occupancy by local weekday and hour over the range: all 168 cells, Monday 00:00 first"),
    seats: z.array(
      Figures.extend({
        seat: z.string(),
        turnoverPerDay: z.number().describe("entries ÷ days"),
      }),
    ),
  })
  .openapi("Stats");
