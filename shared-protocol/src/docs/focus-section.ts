import { z } from "zod";
import {
  focusAlertSchema,
  focusEndedSchema,
  focusSampleSchema,
  focusSessionRefSchema,
  focusSessionSchema,
  focusStartedSchema,
  focusStartSchema,
  focusStateSchema,
  focusSummarySchema,
} from "../messages/focus.js";
import { fieldRows } from "./field-table.js";

type Entry = { name: string; what: string; schema: z.ZodType };

// Thresholds are documented with the attention analyser; here only that the ack carries them.
const entries: Entry[] = [
  {
    name: "focus:start",
    what: "learner → hub, acknowledged with `{ session, thresholds, startedAt }`",
    schema: focusStartSchema,
  },
  {
    name: "focus:start (answer data)",
    what: "the session id and the thresholds its state machine runs with",
    schema: focusStartedSchema,
  },
  {
    name: "focus:sample",
    what: "learner → hub, about 30 per second, no acknowledgement; answered with `focus:state`. Samples out of order, repeated, too fast (more than the session's rate bound) or during a pause are dropped and counted",
    schema: focusSampleSchema,
  },
  {
    name: "focus:pause / focus:resume / focus:end",
    what: "learner → hub, acknowledged; `focus:end` answers with the summary below",
    schema: focusSessionRefSchema,
  },
  { name: "focus:end (answer data)", what: "the session's figures", schema: focusSummarySchema },
  {
    name: "focus:state",
    what: "hub → the learner's own connection, one per accepted sample",
    schema: focusStateSchema,
  },
  {
    name: "focus:alert",
    what: "hub → the learner's own connection, once per episode, with a text in the session's language (en, ko; others get en)",
    schema: focusAlertSchema,
  },
  {
    name: "focus:ended",
    what: "hub → the learner's own connection, when the hub ended the session without being asked",
    schema: focusEndedSchema,
  },
  {
    name: "focus:session",
    what: "hub → the site's dashboards (`data` of the live event): start, state changes, pause, resume, end",
    schema: focusSessionSchema,
  },
];

/** The protocol doc's section on live focus sessions (attention role, browser and frame paths). */
export function focusSection(): string[] {
  const out = [
    "",
    "### Focus sessions (attention)",
    "",
    "A learner's session runs on the hub that holds their connection; it ends on `focus:end`, when the",
    "connection stays away past a grace period, or when no sample arrives for the idle timeout. Requests",
    "that fail validation are refused through the acknowledgement with `VALIDATION_FAILED` and counted.",
  ];
  for (const e of entries) {
    const schema = z.toJSONSchema(e.schema, { io: "output", unrepresentable: "any" });
    out.push(
      "",
      `#### ${e.name}`,
      "",
      `${e.what}.`,
      "",
      "| field | type | required | notes |",
      "| --- | --- | --- | --- |",
      ...fieldRows(schema as Parameters<typeof fieldRows>[0]),
    );
  }
  return out;
}
