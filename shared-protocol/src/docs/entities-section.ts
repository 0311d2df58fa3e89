import { z } from "zod";
import { hubDeviceSchema } from "../device-entity.js";
import { entities } from "../entities.js";
import { fieldRows } from "./field-table.js";

// The device entity lives in device-entity.ts; the doc lists it with the others.
const documented = { ...entities, device: hubDeviceSchema };
type EntityName = keyof typeof documented;

/** Where each shared entity appears: the REST responses and the Socket.IO events that carry it. */
const appearances: Record<EntityName, { rest: string; live: string }> = {
  alert: {
    rest: "`GET /api/v1/sites/{site}/alerts` (`alerts[]`), `POST …/alerts/{id}/acknowledge`",
    live: "`alert:raised` (again after an acknowledgement), `alert:resolved`",
  },
  seatCurrentState: {
    rest: "`GET /api/v1/sites/{site}/seat-map` (`seats[]`, plus `kind`, `device`, `camera`, `polygon`, `layout`)",
    live: "`seat:snapshot` (`data.seats[]`); `seat:change` moves it to `data.to` at `data.at`",
  },
  seatHistoryEvent: {
    rest: "`GET /api/v1/sites/{site}/seats/{seat}/history` (`events[]`)",
    live: "`seat:change`: the same fields in `data`, `device` and `camera` beside it",
  },
  device: {
    rest: "`GET /api/v1/sites/{site}/devices` (`devices[]`), `GET …/devices/{device}`, `POST …/revoke`",
    live:
      "`device:health`: `data` becomes `health`; `device:availability`: `data.state` sets `online`. " +
      "Camera records (`GET …/cameras`) name `camera:status`'s fields alike: `state`, `reason`, `stateAt` (its `ts`)",
  },
};

/** The protocol doc's section on what REST clients and Socket.IO subscribers can rely on. */
export function entitiesSection(): string[] {
  const out = [
    "",
    "## REST and live events: one shape per entity",
    "",
    "An entity the hub serves over REST and also pushes over Socket.IO has one shape, defined once in",
    "`shared-protocol/src/entities.ts` and used by the hub's REST schemas (so the OpenAPI document shows it)",
    "and by the dashboard. A REST client and a Socket.IO subscriber can rely on:",
    "",
    "- **Same field names and types.** A page loads a list over REST and applies live events to it as they",
    "  come, without converting; an object a REST call returns equals the one the matching event carries.",
    "- **Epoch milliseconds for every instant** in these entities and in the responses that list them",
    "  (`at`, `from`, `to` of the seat map and seat history; gate log entries' `at`, as `gate:entry` has it).",
    "  Query parameters `from` / `to` still take ISO 8601 with an offset.",
    "- **Absent, not null**, for what is not known yet (`resolvedAt`, `acknowledgedAt`, `stayMs` …), as in",
    "  the device messages. The one exception: the seat map lists seats no device has reported yet, with",
    "  `state: unknown` and `since` / `confidence` null; and the device entity (`device-entity.ts`) keeps",
    "  the REST record's nulls (`lastSeenAt`, `health`, `revokedAt`).",
    "",
    "| entity | REST | Socket.IO |",
    "| --- | --- | --- |",
  ];
  for (const name of Object.keys(documented) as EntityName[]) {
    const where = appearances[name];
    out.push(`| [${name}](#entity-${name.toLowerCase()}) | ${where.rest} | ${where.live} |`);
  }
  for (const [name, schema] of Object.entries(documented)) {
    out.push(
      "",
      `### Entity: ${name}`,
      "",
      "| field | type | required | notes |",
      "| --- | --- | --- | --- |",
      ...fieldRows(z.toJSONSchema(schema, { io: "output" }) as Parameters<typeof fieldRows>[0]),
    );
  }
  out.push(
    "",
    "Resources with no live counterpart (sites, users, tokens, seat definitions, commands, statistics, and",
    "the `createdAt` of cameras) still give ISO 8601 strings.",
  );
  return out;
}
