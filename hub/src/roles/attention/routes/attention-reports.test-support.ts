import { uuidv7 } from "@sitewatch/shared-protocol";
import type { Db } from "../../../db/client.js";
import { attentionEvents, attentionMinutes, attentionSessions } from "../../../db/schema/index.js";

export const MIN = 60_000;
// Monday 2026-01-05 09:00 in Seoul (UTC+9), where the site "campus" is.
export const MON = Date.parse("2026-01-05T00:00:00Z");
export const TUE = Date.parse("2026-01-06T05:00:00Z"); // 14:00 local

type Minute = typeof attentionMinutes.$inferInsert;
const minutes = (session: string, start: number, states: string[], blinks: number): Minute[] =>
  states.map((state, i) => ({
    siteId: "campus",
    sessionId: session,
    minute: new Date(start + i * MIN),
    samples: 1800,
    faceSamples: 1800,
    earAvg: 0.3,
    marAvg: 0.1,
    blinks,
    stateMs: { [state]: MIN },
  }));
const event = (
  session: string,
  kind: "change" | "alert",
  from: string | null,
  to: string,
  at: number,
  dur: number,
) => ({
  id: uuidv7(at),
  siteId: "campus",
  sessionId: session,
  kind,
  fromState: from,
  toState: to,
  at: new Date(at),
  durationMs: dur,
  seq: 0,
});
const session = (
  id: string,
  start: number,
  lengthMin: number,
  over: Partial<typeof attentionSessions.$inferInsert>,
) => ({
  siteId: "campus",
  id,
  source: "browser" as const,
  startedAt: new Date(start),
  lastEventAt: new Date(start + lengthMin * MIN),
  endedAt: new Date(start + lengthMin * MIN),
  state: "focused",
  ...over,
});

/**
 * Stored rows behind the report tests, at site "campus": the learner's sessions a1 (Monday 09:00 local,
 * 30 min, 2 min distracted) and a2 (Tuesday 14:00, 20 min, half drowsy), the manager's b1 (Monday 10:00,
 * 10 min focused) and an anonymous edge session e1 (Tuesday 11:00) without minute rows.
 */
export async function seedReportRows(db: Db, ids: { learner: string; manager: string }): Promise<void> {
  const a1 = Array.from({ length: 30 }, (_, i) => (i === 10 || i === 11 ? "distracted" : "focused"));
  const a2 = Array.from({ length: 20 }, (_, i) => (i < 10 ? "focused" : "drowsy"));
  await db.insert(attentionSessions).values([
    session("a1", MON, 30, {
      learnerId: ids.learner,
      language: "ko-KR",
      stateMs: { focused: 28 * MIN, distracted: 2 * MIN },
    }),
    session("a2", TUE, 20, {
      learnerId: ids.learner,
      language: "en",
      stateMs: { focused: 10 * MIN, drowsy: 10 * MIN },
    }),
    session("b1", MON + 60 * MIN, 10, { learnerId: ids.manager, stateMs: { focused: 10 * MIN } }),
    // An anonymous edge session without minute rows: counted whole in the hour it started (11:00 local).
    session("e1", TUE - 3 * 60 * MIN, 30, {
      source: "edge",
      deviceId: "d1",
      cameraId: "c1",
      stateMs: { focused: 20 * MIN, absent: 10 * MIN },
    }),
  ]);
  await db
    .insert(attentionMinutes)
    .values([
      ...minutes("a1", MON, a1, 15),
      ...minutes("a2", TUE, a2, 20),
      ...minutes("b1", MON + 60 * MIN, Array(10).fill("focused"), 15),
    ]);
  await db
    .insert(attentionEvents)
    .values([
      event("a1", "change", "focused", "distracted", MON + 10 * MIN, 10 * MIN),
      event("a1", "alert", null, "distracted", MON + 10 * MIN + 5_000, 5_000),
      event("a1", "change", "distracted", "focused", MON + 12 * MIN, 2 * MIN),
      event("a2", "change", "focused", "drowsy", TUE + 10 * MIN, 10 * MIN),
      event("a2", "alert", null, "drowsy", TUE + 10 * MIN + 1_500, 1_500),
    ]);
}
