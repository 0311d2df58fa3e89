import fc from "fast-check";
import {
  BAD_CURSORS,
  BAD_INSTANTS,
  encode,
  garbageBody,
  hostileJson,
  hostileSegment,
  type OpenApiDoc,
  type Operation,
  queryValue,
  replaceAt,
  strayQuery,
  validFor,
} from "./rest-fuzz.test-support.js";

/** One request as sent: the raw path with its query, and the body text. */
export interface FuzzRequest {
  path: string;
  body?: string;
}

type Fault =
  | { kind: "path"; index: number; value: string }
  | { kind: "query"; index: number; value: string }
  | { kind: "stray"; value: string }
  | { kind: "field"; pick: number; value: unknown }
  | { kind: "nul"; pick: number }
  | { kind: "garbage"; text: string };

/** A request valid in every part, with ids that exist: the base every fault is applied to. */
interface Base {
  segments: string[];
  query: (string | null)[];
  json: unknown;
}

const withNul = (text: string) => `${text.slice(0, 1)}\u0000${text.slice(1)}`;

/** String leaves of a JSON value, by their position number as `replaceAt` counts them. */
function stringLeaves(value: unknown): { pick: number; text: string }[] {
  const out: { pick: number; text: string }[] = [];
  let pick = 0;
  const walk = (v: unknown) => {
    if (typeof v === "string") out.push({ pick, text: v });
    pick += 1;
    if (v && typeof v === "object") for (const child of Object.values(v)) walk(child);
  };
  walk(value);
  return out;
}

function apply(op: Operation, base: Base, faults: Fault[]): FuzzRequest {
  const segments = [...base.segments];
  const pairs = op.query.map((p, i) =>
    base.query[i] == null ? null : `${p.name}=${encode(base.query[i] ?? "")}`,
  );
  let body = base.json === undefined ? undefined : JSON.stringify(base.json);
  const extra: string[] = [];
  for (const f of faults) {
    if (f.kind === "path") segments[f.index] = f.value;
    if (f.kind === "query") pairs[f.index] = `${op.query[f.index]?.name}=${encode(f.value)}`;
    if (f.kind === "stray") extra.push(f.value);
    if (f.kind === "field") body = JSON.stringify(replaceAt(base.json ?? {}, f.pick, f.value)) ?? "null";
    if (f.kind === "garbage") body = f.text;
    if (f.kind === "nul") {
      const leaves = stringLeaves(base.json);
      const leaf = leaves[f.pick % Math.max(1, leaves.length)];
      if (leaf) body = JSON.stringify(replaceAt(base.json, leaf.pick, withNul(leaf.text)));
    }
  }
  let i = 0;
  const path = op.path.replace(/\{\w+\}/g, () => segments[i++] ?? "");
  const query = [...pairs.filter((p) => p !== null), ...extra].join("&");
  return { path: query ? `${path}?${query}` : path, body };
}

function baseFor(op: Operation, doc: OpenApiDoc, known: Record<string, string>): fc.Arbitrary<Base> {
  const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  const segments = names.map((n) => encode(known[n] ?? "x"));
  const query = fc.tuple(...op.query.map((p) => fc.option(queryValue(p, false), { freq: 2 })));
  const json = op.body && op.method !== "GET" ? validFor(op.body, doc) : fc.constant(undefined);
  return fc.record({ segments: fc.constant(segments), query, json });
}

function faultFor(op: Operation, segments: number): fc.Arbitrary<Fault> {
  const kinds: fc.Arbitrary<Fault>[] = [strayQuery.map((value) => ({ kind: "stray" as const, value }))];
  if (segments > 0) {
    kinds.push(
      fc.record({ kind: fc.constant("path" as const), index: fc.nat(segments - 1), value: hostileSegment }),
    );
  }
  if (op.query.length > 0) {
    const pick = fc.nat(op.query.length - 1);
    kinds.push(
      pick.chain((index) =>
        queryValue(op.query[index] ?? { name: "x", in: "query" }, true).map((value) => ({
          kind: "query" as const,
          index,
          value,
        })),
      ),
    );
  }
  if (op.method !== "GET") {
    kinds.push(fc.record({ kind: fc.constant("field" as const), pick: fc.nat(), value: hostileJson }));
    kinds.push(fc.record({ kind: fc.constant("nul" as const), pick: fc.nat() }));
    kinds.push(garbageBody.map((text) => ({ kind: "garbage" as const, text })));
  }
  return fc.oneof(...kinds);
}

/** Random requests: one fault in an otherwise valid request, so it reaches the code behind validation; at times several. */
export function randomRequests(op: Operation, doc: OpenApiDoc, known: Record<string, string>) {
  const segments = [...op.path.matchAll(/\{\w+\}/g)].length;
  const fault = faultFor(op, segments);
  const faults = fc.oneof(
    { weight: 5, arbitrary: fault.map((f) => [f]) },
    { weight: 1, arbitrary: fc.array(fault, { maxLength: 3 }) },
  );
  return fc.tuple(baseFor(op, doc, known), faults).map(([base, list]) => apply(op, base, list));
}

/**
 * Every single fault of the kinds REST handlers failed on, once each, on a fixed valid request: NUL
 * and broken escapes in each path segment, each bad instant or cursor in its parameter, a NUL in each
 * string of the body, a wrong number in each number, and bodies that are not JSON.
 */
export function targetedRequests(
  op: Operation,
  doc: OpenApiDoc,
  known: Record<string, string>,
): FuzzRequest[] {
  const [base] = fc.sample(baseFor(op, doc, known), { numRuns: 1, seed: 42 });
  if (!base) return [];
  const faults: Fault[] = [];
  base.segments.forEach((_, index) => {
    for (const value of ["%00", "a%00b", "%ZZ", ".."]) faults.push({ kind: "path", index, value });
  });
  op.query.forEach((p, index) => {
    const values =
      p.schema?.format === "date-time" ? BAD_INSTANTS : p.name === "cursor" ? BAD_CURSORS : ["\u0000"];
    for (const value of values) faults.push({ kind: "query", index, value });
  });
  if (op.method !== "GET") {
    for (const [pick] of stringLeaves(base.json).entries()) faults.push({ kind: "nul", pick });
    for (const text of ["{", '{"a":"\\u0000"}', "null", "[]"]) faults.push({ kind: "garbage", text });
  }
  return [
    { path: apply(op, base, []).path, body: apply(op, base, []).body },
    ...faults.map((f) => apply(op, base, [f])),
  ];
}
