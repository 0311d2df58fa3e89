import { type DeviceToHubKind, jsonSchemaOf, messages } from "@sitewatch/shared-protocol";
import fc, { type Arbitrary } from "fast-check";
import { payload } from "./ingest.test-support.js";

/**
 * Hostile device payloads for the ingest fuzz test, built from each kind's protocol example: `invalid`
 * ones the protocol refuses whatever the values, `odd` ones it may accept. Unknown keys carry MARKER so
 * a test can search the database for them.
 */
export const MARKER = "__fuzz_marker";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = Array<string | number>;

const example = (kind: DeviceToHubKind) => JSON.parse(payload(kind)) as Record<string, Json>;
const typeOf = (v: Json) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
const valueOfType: Record<string, Arbitrary<Json>> = {
  null: fc.constant(null),
  boolean: fc.boolean(),
  number: fc.double({ noNaN: true, noDefaultInfinity: true }),
  string: fc.string({ maxLength: 20 }),
  array: fc.array(fc.integer(), { maxLength: 3 }),
  object: fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
};

/** Every leaf (and empty container) of a JSON value; commandAck's free-form `result` is left out. */
function leaves(value: Json, path: Path = []): Path[] {
  if (value === null || typeof value !== "object") return [path];
  const entries = Object.entries(value);
  if (entries.length === 0) return [path];
  return entries.flatMap(([k, v]) => leaves(v, [...path, Array.isArray(value) ? Number(k) : k]));
}
const fixedLeaves = (kind: DeviceToHubKind) =>
  leaves(example(kind)).filter((p) => !(kind === "commandAck" && p[0] === "result") && p.length > 0);
const getAt = (root: Json, path: Path) =>
  path.reduce<Json>((o, k) => (o as Record<string, Json>)[k] as Json, root);
function setAt(root: Record<string, Json>, path: Path, value: Json): Record<string, Json> {
  const copy = structuredClone(root);
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, Json>;
  parent[path[path.length - 1] as string] = value;
  return copy;
}
const deep = (depth: number, inner = "") => `${"[".repeat(depth)}${inner}${"]".repeat(depth)}`;

/** Payloads the protocol refuses whatever the values: each must be rejected. */
export function invalid(kind: DeviceToHubKind): Arbitrary<string | Uint8Array> {
  const paths = fixedLeaves(kind);
  const wrongType = fc.constantFrom(...paths).chain((path) => {
    const was = typeOf(getAt(example(kind), path));
    const other = fc.constantFrom(...Object.keys(valueOfType).filter((t) => t !== was));
    return other
      .chain((t) => valueOfType[t] as Arbitrary<Json>)
      .map((v) => JSON.stringify(setAt(example(kind), path, v)));
  });
  const deepInLeaf = fc
    .tuple(fc.constantFrom(...paths), fc.integer({ min: 50, max: 20_000 }))
    .map(([path, depth]) =>
      JSON.stringify(setAt(example(kind), path, "DEEP")).replace('"DEEP"', deep(depth)),
    );
  const strings = paths.filter((p) => typeof getAt(example(kind), p) === "string");
  const nul = fc
    .tuple(fc.constantFrom(...strings), fc.string({ maxLength: 10 }))
    .map(([path, s]) => JSON.stringify(setAt(example(kind), path, `${s}\u0000${s}`)));
  const oversized = fc
    .integer({ min: 1, max: 32 * 1024 })
    .map((extra) => JSON.stringify({ ...example(kind), pad: "x".repeat(messages[kind].maxBytes + extra) }));
  const options: Arbitrary<string | Uint8Array>[] = [
    fc.uint8Array({ maxLength: 4_096 }),
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? "null"),
    fc.integer({ min: 1, max: 30_000 }).map((d) => deep(d)),
    wrongType,
    deepInLeaf,
    nul,
    oversized,
  ];
  const outOfRange = outOfRangeNumbers(kind);
  if (outOfRange.length > 0)
    options.push(
      fc.constantFrom(...outOfRange).map(([key, v]) => JSON.stringify({ ...example(kind), [key]: v })),
    );
  return fc.oneof(...options);
}

/** Top-level numbers just past the bounds the protocol's JSON Schema declares for them. */
function outOfRangeNumbers(kind: DeviceToHubKind): Array<[string, number]> {
  const props = (jsonSchemaOf(kind).properties ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(example(kind)).flatMap(([key, value]): Array<[string, number]> => {
    const p = props[key];
    if (typeof value !== "number" || !p) return [];
    const out: Array<[string, number]> = [];
    if (typeof p.maximum === "number") out.push([key, p.maximum * 2 + 1]);
    if (typeof p.exclusiveMaximum === "number") out.push([key, p.exclusiveMaximum]);
    if (typeof p.minimum === "number") out.push([key, p.minimum - 1]);
    if (p.type === "integer") out.push([key, value + 0.5]);
    return out;
  });
}

/** Schema-shaped oddities the protocol may accept: extra keys, lone surrogates, deep free-form data. */
export function odd(kind: DeviceToHubKind): Arbitrary<string> {
  const extra = fc
    .dictionary(
      fc.string({ maxLength: 8 }).map((k) => `${MARKER}${k}`),
      fc.jsonValue({ maxDepth: 3 }),
      {
        minKeys: 1,
        maxKeys: 4,
      },
    )
    .map((keys) => JSON.stringify({ ...example(kind), ...keys }));
  const strings = fixedLeaves(kind).filter((p) => typeof getAt(example(kind), p) === "string");
  const surrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
  const lone = fc
    .tuple(fc.constantFrom(...strings), fc.string({ maxLength: 4 }), surrogate)
    .map(([path, s, u]) => JSON.stringify(setAt(example(kind), path, `${s}${u}${s}`)));
  const options = [extra, lone];
  if (kind === "commandAck") {
    const nested = fc
      .tuple(fc.integer({ min: 100, max: 20_000 }), fc.constantFrom('"x"', '"\\u0000"', "{}"))
      .map(([depth, inner]) =>
        JSON.stringify(setAt(example(kind), ["result"], { r: "DEEP" })).replace('"DEEP"', deep(depth, inner)),
      );
    options.push(nested);
  }
  return fc.oneof(...options);
}
