import type { SeatMap } from "@sitewatch/hub/api-types";
import { type Route, stubFetch } from "./fake-services.js";

// Seat-map payloads for component tests, timed relative to Date.now() (the tests fake Date).
export const MIN = 60_000;

type State = SeatMap["seats"][number]["state"];

export function seat(
  id: string,
  state: State,
  ageMs: number | null,
  camera = "cam-1",
): SeatMap["seats"][number] {
  return {
    seat: id,
    kind: "desk",
    device: "edge-1",
    camera,
    polygon: [
      [0.1, 0.1],
      [0.2, 0.1],
      [0.2, 0.2],
    ],
    layout: null,
    state,
    since: ageMs === null ? null : new Date(Date.now() - ageMs).toISOString(),
    confidence: 0.9,
  };
}

export function seatMap(seats: SeatMap["seats"]): SeatMap {
  const summary = { total: seats.length, empty: 0, occupied: 0, held: 0, unknown: 0 };
  for (const s of seats) summary[s.state]++;
  return { site: "cafe", at: new Date().toISOString(), summary, seats };
}

/** Answers the page's REST calls: the seat map, today's stats, open alerts and seat 1A's history. */
export function routes(map: SeatMap, alerts: unknown[] = [], extra: Record<string, Route> = {}) {
  const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
  return stubFetch({
    "GET /api/v1/sites/cafe/seat-map": () => map,
    "GET /api/v1/sites/cafe/stats": () => ({ summary: { avgStayMs: 42 * MIN } }),
    "GET /api/v1/sites/cafe/alerts": () => ({ alerts }),
    "GET /api/v1/sites/cafe/seats/1A/history": () => ({
      site: "cafe",
      seat: "1A",
      from: ago(60 * MIN),
      to: ago(0),
      truncated: false,
      events: [
        {
          id: "e1",
          at: ago(5 * MIN),
          fromState: "empty",
          toState: "occupied",
          vacancyMs: 20 * MIN,
          stayMs: null,
          confidence: 0.9,
          device: "edge-1",
          camera: "cam-1",
        },
      ],
    }),
    ...extra,
  });
}

/** An open alert as GET /alerts returns it. */
export function restAlert(id: string, kind: string, subject: string, ageMs: number) {
  const since = new Date(Date.now() - ageMs).toISOString();
  return {
    id,
    site: "cafe",
    kind,
    subject,
    since,
    message: "",
    raisedAt: since,
    resolvedAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
  };
}
