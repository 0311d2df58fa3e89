import type { SeatHistory, SeatMap } from "@sitewatch/hub/api-types";
import type { AlertKind, HubAlert } from "@sitewatch/shared-protocol";
import { type Route, stubFetch } from "../../../../testing/fake-services.js";

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
    since: ageMs === null ? null : Date.now() - ageMs,
    confidence: 0.9,
  };
}

export function seatMap(seats: SeatMap["seats"]): SeatMap {
  const summary = { total: seats.length, empty: 0, occupied: 0, held: 0, unknown: 0 };
  for (const s of seats) summary[s.state]++;
  return { site: "cafe", at: Date.now(), summary, seats };
}

/** Answers the page's REST calls: the seat map, today's stats, open alerts and seat 1A's history. */
export function routes(map: SeatMap, alerts: HubAlert[] = [], extra: Record<string, Route> = {}) {
  const ago = (ms: number) => Date.now() - ms;
  return stubFetch({
    "GET /api/v1/sites/cafe/seat-map": () => map,
    "GET /api/v1/sites/cafe/stats": () => ({ summary: { avgStayMs: 42 * MIN } }),
    "GET /api/v1/sites/cafe/alerts": () => ({ alerts }),
    "GET /api/v1/sites/cafe/seats/1A/history": (): SeatHistory => ({
      site: "cafe",
      seat: "1A",
      from: ago(60 * MIN),
      to: ago(0),
      truncated: false,
      events: [
        {
          id: "e1",
          seat: "1A",
          at: ago(5 * MIN),
          from: "empty",
          to: "occupied",
          vacancyMs: 20 * MIN,
          confidence: 0.9,
          device: "edge-1",
          camera: "cam-1",
        },
      ],
    }),
    ...extra,
  });
}

/** An open alert, as GET /alerts lists it and `alert:raised` pushes it. */
export function openAlert(id: string, kind: AlertKind, subject: string, ageMs: number): HubAlert {
  const since = Date.now() - ageMs;
  return { id, site: "cafe", kind, subject, since, message: "", raisedAt: since };
}
