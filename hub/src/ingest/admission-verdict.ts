import { type DecodedMessage, type ErrorCode, parseTopic } from "@sitewatch/shared-protocol";

/** The device event a message carried, as far as its topic and `seq` can be read. */
export interface EventRef {
  site: string;
  device: string;
  seq: number;
  id?: string;
}

/**
 * A message admission did not pass on: a replay of an id already accepted, or a refusal with its error
 * code. `event` says whose event it was when that could be read, so the device can be told it is settled.
 */
export class Refused {
  constructor(
    readonly why: ErrorCode | "duplicate",
    readonly event: EventRef | undefined,
  ) {}
}

/** What admission makes of a message: passed on (decoded), or refused. */
export type Verdict = DecodedMessage | Refused;

export function refOf(decoded: DecodedMessage): EventRef | undefined {
  const { id, seq } = decoded.message as { id?: string; seq?: number };
  if (seq === undefined) return undefined;
  return { site: decoded.address.site, device: decoded.address.device, seq, id };
}

/** Best effort for a message that did not decode: its topic's device and a whole-number `seq`. */
export function rawRefOf(topic: string, payload: Buffer): EventRef | undefined {
  const parsed = parseTopic(topic);
  if (!parsed.ok) return undefined;
  let seq: unknown;
  try {
    seq = (JSON.parse(payload.toString("utf8")) as { seq?: unknown } | null)?.seq;
  } catch {
    return undefined;
  }
  if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 0) return undefined;
  return { site: parsed.address.site, device: parsed.address.device, seq };
}
