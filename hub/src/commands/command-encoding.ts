import {
  type AddressOf,
  type CommandKind,
  type CommandName,
  encodeMessage,
  type MessageInput,
  messages,
  PROTOCOL_VERSION,
  ProtocolEncodeError,
  TopicError,
  topicFor,
  uuidv7,
} from "@sitewatch/shared-protocol";
import { ApiError } from "../errors/api-error.js";

// The protocol caps the timeout a command envelope may carry.
const MAX_ENVELOPE_TIMEOUT_MS = 600_000;

export interface EncodedCommand {
  id: string;
  name: CommandName;
  topic: string;
  payload: string;
}

/** "cmd/config-push" → "config-push": the name devices echo in acks and the REST API uses. */
export function commandNameOf(kind: CommandKind): CommandName {
  return messages[kind].path.slice("cmd/".length) as CommandName;
}

/**
 * Completes a command with a fresh UUIDv7 id, `ts` and `v`, validates it against the protocol and
 * builds its topic. A body the protocol rejects is the caller's mistake: VALIDATION_FAILED, with the
 * schema's issues as details.
 */
export function encodeCommand<K extends CommandKind>(
  kind: K,
  target: { site: string; device: string },
  body: Omit<MessageInput<K>, "v" | "id" | "ts">,
  timeoutMs: number,
): EncodedCommand {
  const id = uuidv7();
  const message = {
    timeoutMs: Math.min(timeoutMs, MAX_ENVELOPE_TIMEOUT_MS),
    ...body,
    v: PROTOCOL_VERSION,
    id,
    ts: Date.now(),
  } as MessageInput<K>;
  try {
    return {
      id,
      name: commandNameOf(kind),
      payload: encodeMessage(kind, message),
      topic: topicFor(kind, target as AddressOf<K>),
    };
  } catch (err) {
    if (!(err instanceof ProtocolEncodeError || err instanceof TopicError)) throw err;
    const issues = err instanceof ProtocolEncodeError ? err.error.issues : undefined;
    throw new ApiError("VALIDATION_FAILED", err.message, issues);
  }
}
