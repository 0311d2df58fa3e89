import { z } from "zod";
import { epochMsSchema, versionSchema } from "../envelope.js";

/** Ranges one confirmation carries at most; the hub holds back (and counts) what does not fit. */
export const MAX_SETTLED_RANGES = 128;

const seqSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** `[from, to]`, both included: the device's sequence numbers `from` … `to`. */
export const seqRangeSchema = z
  .tuple([seqSchema, seqSchema])
  .refine(([from, to]) => from <= to, { message: "a range must not end before it starts" });
export type SeqRange = z.infer<typeof seqRangeSchema>;

/**
 * The hub's word that it has settled some of the device's QoS 1 events for good: stored (committed),
 * a repeat of an event already stored, or refused for its content (no resend could change that). Only
 * then may the device drop them from its outbox; a broker's PUBACK only says the broker has them, and
 * a broker can lose what it acknowledged (nats-server 2.9 around a restart, any broker on a crash).
 *
 * Numbers of events that are not QoS 1 (heartbeats, gate activity) never appear. A confirmation is a
 * statement, not a command: it has no id and needs no answer, and repeating one changes nothing.
 */
export const settledSchema = z.object({
  v: versionSchema,
  ts: epochMsSchema.describe("When the hub sent it"),
  ranges: z
    .array(seqRangeSchema)
    .min(1)
    .max(MAX_SETTLED_RANGES)
    .describe("Settled sequence numbers as inclusive [from, to] ranges, ascending, not overlapping"),
});
export type Settled = z.infer<typeof settledSchema>;
