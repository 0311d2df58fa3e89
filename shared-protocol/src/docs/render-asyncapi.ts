import { z } from "zod";
import { examples } from "../examples.js";
import { type MessageKind, messageKinds, messages } from "../registry.js";
import { topicFilter } from "../topics.js";
import { PROTOCOL_VERSION, TOPIC_ROOT } from "../version.js";

type Json = Record<string, unknown>;

// AsyncAPI's own schema format is a superset of JSON Schema draft-07, so the payloads are rendered for
// draft-07 and sit in the document as they are, where every AsyncAPI tool reads them.
function payloadSchema(kind: MessageKind): Json {
  const { $schema: _draft, ...schema } = z.toJSONSchema(messages[kind].schema, {
    target: "draft-7",
    io: "input",
    unrepresentable: "any",
  }) as Json;
  return schema;
}

const PARAMETERS = {
  site: { description: "Site id: 1-64 letters, digits, '-' or '_'", examples: ["gangnam-1"] },
  device: { description: "Edge device id, unique within its site", examples: ["edge-01"] },
  camera: { description: "Camera id, unique within its device", examples: ["cam-03"] },
};

/** `sitewatch/v1/{site}/{device}[/cam/{camera}]/<path>`, the channel address of one message kind. */
function address(kind: MessageKind): string {
  return topicFilter(kind)
    .replace(`${TOPIC_ROOT}/+/+`, `${TOPIC_ROOT}/{site}/{device}`)
    .replace("/cam/+/", "/cam/{camera}/");
}

function channel(kind: MessageKind): Json {
  const def = messages[kind];
  const parameters: Json = { site: { $ref: "#/components/parameters/site" } };
  parameters.device = { $ref: "#/components/parameters/device" };
  if (def.scope === "camera") parameters.camera = { $ref: "#/components/parameters/camera" };
  return {
    address: address(kind),
    title: kind,
    description: def.summary,
    parameters,
    messages: { [kind]: { $ref: `#/components/messages/${kind}` } },
  };
}

// Operations are written from the broker's side, where the hub sits: it receives what devices publish
// and sends commands and confirmations to them.
function operation(kind: MessageKind): Json {
  const def = messages[kind];
  return {
    action: def.direction === "device-to-hub" ? "receive" : "send",
    channel: { $ref: `#/channels/${kind}` },
    summary: def.summary,
    messages: [{ $ref: `#/channels/${kind}/messages/${kind}` }],
    bindings: { mqtt: { qos: def.qos, retain: def.retained, bindingVersion: "0.2.0" } },
  };
}

function message(kind: MessageKind): Json {
  const def = messages[kind];
  return {
    name: kind,
    title: kind,
    summary: def.summary,
    contentType: "application/json",
    payload: { $ref: `#/components/schemas/${kind}` },
    examples: [{ name: kind, payload: examples[kind] }],
    "x-max-bytes": def.maxBytes,
  };
}

const operationId = (kind: MessageKind) =>
  `${messages[kind].direction === "device-to-hub" ? "receive" : "send"}${kind[0]?.toUpperCase()}${kind.slice(1)}`;

/**
 * docs/asyncapi.json: the MQTT half of the protocol as an AsyncAPI 3.0 document, one channel, message
 * and operation per entry of the registry, with the zod schemas as JSON Schema payloads. Generated with
 * docs/protocol.md by `npm run docs:protocol`; a test fails when the committed file differs.
 */
export function renderAsyncApi(): Json {
  const byKind = <T>(f: (kind: MessageKind) => T) => Object.fromEntries(messageKinds.map((k) => [k, f(k)]));
  return {
    asyncapi: "3.0.0",
    info: {
      title: "Sitewatch device protocol",
      version: `${PROTOCOL_VERSION}.0.0`,
      description: [
        `Sitewatch protocol v${PROTOCOL_VERSION} between edge devices and the hub's MQTT broker. Every payload`,
        `is UTF-8 JSON with \`v: ${PROTOCOL_VERSION}\`; site, device and camera ids travel in the topic. Operations`,
        "are the broker's (the hub's) view: it receives device events and sends commands and confirmations.",
        "Generated from shared-protocol's registry by `npm run docs:protocol`; see docs/protocol.md.",
      ].join("\n"),
      license: { name: "Apache-2.0", url: "https://www.apache.org/licenses/LICENSE-2.0" },
    },
    defaultContentType: "application/json",
    servers: {
      embedded: {
        host: "{hub}:1883",
        protocol: "mqtt",
        protocolVersion: "3.1.1",
        description:
          "The hub's embedded broker (MQTTS with TLS_CERT_FILE); devices log in as `<site>.<device>`.",
        variables: { hub: { default: "localhost", description: "The hub's host name" } },
      },
      websocket: {
        host: "{hub}:8083",
        protocol: "ws",
        description: "MQTT over WebSocket on the embedded broker (WSS with TLS).",
        variables: { hub: { default: "localhost", description: "The hub's host name" } },
      },
    },
    channels: byKind(channel),
    operations: Object.fromEntries(messageKinds.map((k) => [operationId(k), operation(k)])),
    components: {
      parameters: PARAMETERS,
      messages: byKind(message),
      schemas: byKind(payloadSchema),
    },
  };
}
