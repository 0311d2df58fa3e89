import fc from "fast-check";

/** The parts of an OpenAPI 3.1 document the fuzzer reads. */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  prefixItems?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
}
export interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  schema?: Schema;
}
export interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: unknown }>>;
  components?: { schemas?: Record<string, Schema> };
}
export interface Operation {
  method: string;
  path: string;
  query: Parameter[];
  body?: Schema;
}

export function operationsOf(doc: OpenApiDoc): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const content = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)
        ?.content;
      const query = (op.parameters ?? []).filter((p) => p.in === "query");
      return { method: method.toUpperCase(), path, query, body: content?.["application/json"]?.schema };
    }),
  );
}

const SOME_ID = "0193a6c0-4f2e-7b41-8c3d-2f9e1a7b5c60";
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** Instants a timestamp column or a JavaScript Date cannot take, and ones the ISO pattern lets through. */
export const BAD_INSTANTS = [
  "0000-01-01T00:00:00Z",
  "0001-01-01T00:00:00Z",
  "1969-12-31T23:59:59Z",
  "9999-12-31T23:59:59Z",
  "9999-12-31T23:59:59-01:00",
  "+275760-09-13T00:00:00.000Z",
  "-271821-04-20T00:00:00Z",
  "2025-02-30T00:00:00Z",
];
/** Cursors a client could forge: out-of-range times, wrong shapes, not base64 at all. */
export const BAD_CURSORS = [
  b64([8.64e15, SOME_ID]),
  b64([Number.MAX_SAFE_INTEGER, SOME_ID]),
  b64([-1, SOME_ID]),
  b64([1, "not-a-uuid"]),
  b64("[1,2"),
  "!!!not-base64!!!",
];
const HOSTILE = [
  ...BAD_INSTANTS,
  ...BAD_CURSORS,
  ...["", " ", "\u0000", "a\u0000b", "..", "../../etc/passwd", "NaN", "-1", "0", "1.5", "1e309", "Infinity"],
  ...["9007199254740993", "99999999999999999999999999", "true", "null", "[]", "{}", "' OR 1=1 --"],
  ...["<script>alert(1)</script>", "\uFEFF🙂\u202E", "\uD800", "x".repeat(5_000)],
];
// Path segments sent as they are: percent-encoded NUL, dot segments, broken escapes, overlong UTF-8.
const RAW_SEGMENTS = ["%00", "a%00b", "..", ".", "%2e%2e", "%2E%2E%2F", "%", "%ZZ", "%C0%AE", "%ff%fe"];

/** encodeURIComponent, with lone surrogates (which it refuses) sent as U+FFFD as a browser would. */
export function encode(text: string): string {
  return encodeURIComponent(
    text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD"),
  );
}

export const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
);
export const hostileSegment = fc.oneof(hostileString.map(encode), fc.constantFrom(...RAW_SEGMENTS));
export const strayQuery = fc.constantFrom("x=%00", "from=%", "__proto__=1", "limit=%ZZ", "to=%E0%A4%A");

/** JSON of the wrong kind or at an extreme: for any field, at any depth. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, -1, -0, 0.5, 2 ** 53 + 2, 1e308, -1e308, true, [], {}, { "\u0000": 1 }, [[[[]]]]),
  fc.jsonValue({ maxDepth: 2 }),
);
export const garbageBody = fc.oneof(
  fc.constantFrom("{", "[1,", '"\\u0000"', '{"a":"\\u0000"}', "[".repeat(5_000), "\u0000", "null", ""),
  fc.string(),
);

function resolve(schema: Schema, doc: OpenApiDoc): Schema {
  return schema.$ref ? (doc.components?.schemas?.[schema.$ref.split("/").pop() ?? ""] ?? {}) : schema;
}

/** Values the schema accepts (as far as JSON Schema says: polygons may still cross, zones be unknown). */
export function validFor(raw: Schema, doc: OpenApiDoc, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(raw, doc);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => validFor(a, doc, depth + 1)));
  if (s.allOf?.[0]) return validFor(s.allOf[0], doc, depth);
  if (s.enum) return fc.constantFrom(...s.enum);
  const types = Array.isArray(s.type) ? s.type : [s.type ?? "null"];
  return fc.oneof(...types.map((t) => validOfType(t, s, doc, depth)));
}

function validOfType(type: string, s: Schema, doc: OpenApiDoc, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case "object": {
      if (depth > 4) return fc.constant({});
      const props = Object.entries(s.properties ?? {}).map(
        ([k, v]) => [k, validFor(v, doc, depth + 1)] as const,
      );
      return fc.record(Object.fromEntries(props), { requiredKeys: s.required ?? [] });
    }
    case "array":
      if (s.prefixItems) return fc.tuple(...s.prefixItems.map((p) => validFor(p, doc, depth + 1)));
      return fc.array(validFor(s.items ?? {}, doc, depth + 1), { maxLength: Math.min(s.maxItems ?? 4, 4) });
    case "string":
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern));
      if (s.format === "email") return fc.emailAddress();
      if (s.format === "date-time")
        return fc.constantFrom("2025-11-24T10:00:00Z", "2026-01-01T00:00:00.000+09:00");
      return fc.string({
        minLength: Math.max(1, s.minLength ?? 0),
        maxLength: Math.min(s.maxLength ?? 20, 20),
      });
    case "integer":
    case "number": {
      const min = Math.max(s.minimum ?? -1e6, -1e9);
      const max = Math.min(s.maximum ?? 1e6, 1e9);
      return type === "integer" ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
    }
    case "boolean":
      return fc.boolean();
    default:
      return fc.constant(null);
  }
}

/** A query value: an ordinary one for the parameter, or one of the wrong kinds for what it takes. */
export function queryValue(param: Parameter, hostile: boolean): fc.Arbitrary<string> {
  if (!hostile) return validFor(param.schema ?? { type: "string" }, { paths: {} }).map(String);
  const targeted =
    param.schema?.format === "date-time"
      ? BAD_INSTANTS
      : param.name === "cursor"
        ? BAD_CURSORS
        : ["\u0000", "1e309"];
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...targeted) },
    { weight: 1, arbitrary: hostileString },
  );
}

/** Every position in a JSON value (the root first), as key paths. */
function positions(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value))
      out.push(...positions(v, [...at, Array.isArray(value) ? Number(k) : k]));
  }
  return out;
}

/** `value` with the node at position `pick` (modulo their number) replaced by `replacement`. */
export function replaceAt(value: unknown, pick: number, replacement: unknown): unknown {
  const all = positions(value);
  const path = all[pick % all.length] ?? [];
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = replacement;
  return copy;
}
