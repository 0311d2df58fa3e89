import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeMessage } from "../codec.js";
import { exampleAddress, examples } from "../examples.js";
import { type MessageKind, messageKinds, messages } from "../registry.js";
import { parseTopic, topicFor } from "../topics.js";
import { renderAsyncApi } from "./render-asyncapi.js";

// biome-ignore lint/suspicious/noExplicitAny: walking a generated document, checked by the assertions
type Json = Record<string, any>;

const committed = JSON.parse(readFileSync(new URL("../../../docs/asyncapi.json", import.meta.url), "utf8"));
const doc = renderAsyncApi() as Json;

/** Resolves a local `$ref` (`#/a/b`) in the document; undefined when it points nowhere. */
function resolve(ref: string): Json | undefined {
  expect(ref.startsWith("#/")).toBe(true);
  return ref
    .slice(2)
    .split("/")
    .reduce<Json | undefined>((node, key) => node?.[key.replaceAll("~1", "/").replaceAll("~0", "~")], doc);
}

/** Every `$ref` anywhere below `node`. */
function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) refs(item, out);
  else if (node && typeof node === "object")
    for (const [key, value] of Object.entries(node))
      key === "$ref" ? out.push(value as string) : refs(value, out);
  return out;
}

describe("docs/asyncapi.json", () => {
  it("is up to date with the registry (run `npm run docs:protocol` after changing it)", () => {
    // Compared as data, so a formatter that re-wraps the JSON does not make it stale.
    expect(committed).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it("is an AsyncAPI 3.0.0 document whose every reference resolves", () => {
    expect(doc.asyncapi).toBe("3.0.0");
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(messageKinds.length * 4);
    for (const ref of all) expect(resolve(ref), ref).toBeDefined();
  });

  it("has a channel per message kind at its topic, each used by an operation", () => {
    expect(Object.keys(doc.channels).sort()).toEqual([...messageKinds].sort());
    const used = new Set(Object.values<Json>(doc.operations).map((op) => op.channel.$ref));
    for (const [name, channel] of Object.entries<Json>(doc.channels)) {
      expect(used.has(`#/channels/${name}`), name).toBe(true);
      // Filling the address's parameters gives the protocol's topic for that kind.
      const params = [...channel.address.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(Object.keys(channel.parameters).sort()).toEqual([...params].sort());
      const topic = channel.address.replace(
        /\{(\w+)\}/g,
        (_: string, p: keyof typeof exampleAddress) => exampleAddress[p],
      );
      expect(topic).toBe(topicFor(name as MessageKind, exampleAddress));
      expect(parseTopic(topic)).toMatchObject({ ok: true, kind: name });
    }
  });

  it("receives device-to-hub messages and sends the rest, with their QoS and retain flag", () => {
    for (const op of Object.values<Json>(doc.operations)) {
      const kind = op.channel.$ref.split("/").pop() as MessageKind;
      const def = messages[kind];
      expect(op.action).toBe(def.direction === "device-to-hub" ? "receive" : "send");
      expect(op.bindings.mqtt).toMatchObject({ qos: def.qos, retain: def.retained });
      // An operation's messages must be messages of its own channel.
      for (const m of op.messages) expect(m.$ref.startsWith(`${op.channel.$ref}/messages/`)).toBe(true);
    }
  });

  it("gives every message a JSON Schema payload and an example the protocol decodes", () => {
    for (const [kind, message] of Object.entries<Json>(doc.components.messages)) {
      const payload = resolve(message.payload.$ref);
      expect(payload?.type, kind).toBe("object");
      expect(payload?.properties?.v, kind).toBeDefined();
      const example = message.examples[0].payload;
      expect(example).toEqual(examples[kind as MessageKind]);
      const decoded = decodeMessage(topicFor(kind as MessageKind, exampleAddress), JSON.stringify(example));
      expect(decoded.ok, kind).toBe(true);
    }
  });
});
