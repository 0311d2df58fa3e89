import { z } from "zod";
import { type MessageKind, messageKinds, messages } from "./registry.js";
import { PROTOCOL_VERSION } from "./version.js";

/** JSON Schema (draft 2020-12) of what a sender may put on the wire for one message kind. */
export function jsonSchemaOf(kind: MessageKind): Record<string, unknown> {
  return z.toJSONSchema(messages[kind].schema, { io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
}

/** One document with every message kind under `$defs`, for tools in other languages. */
export function protocolJsonSchema(): Record<string, unknown> {
  const defs: Record<string, unknown> = {};
  for (const kind of messageKinds) {
    const { $schema: _ignored, ...schema } = jsonSchemaOf(kind);
    defs[kind] = schema;
  }
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `https://sitewatch.local/protocol/v${PROTOCOL_VERSION}.schema.json`,
    title: `Sitewatch protocol v${PROTOCOL_VERSION}`,
    $defs: defs,
  };
}
