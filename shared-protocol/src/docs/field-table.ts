type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  description?: string;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  maxLength?: number;
  default?: unknown;
  additionalProperties?: JsonSchema | boolean;
};

function describeType(s: JsonSchema): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((e) => `\`${JSON.stringify(e)}\``).join(" \\| ");
  if (s.anyOf) return s.anyOf.map(describeType).join(" \\| ");
  if (s.oneOf) return [...new Set(s.oneOf.map(describeType))].join(" \\| ");
  if (s.prefixItems) return `[${s.prefixItems.map(describeType).join(", ")}]`;
  if (s.type === "array") return `${s.items ? describeType(s.items) : "any"}[]`;
  if (s.format) return `${s.type} (${s.format})`;
  if (Array.isArray(s.type)) return s.type.join(" \\| ");
  return s.type ?? "any";
}

function constraints(s: JsonSchema): string {
  const parts: string[] = [];
  if (s.pattern) parts.push(`pattern \`${s.pattern}\``);
  if (s.minimum !== undefined && s.minimum !== 0) parts.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER) parts.push(`≤ ${s.maximum}`);
  if (s.maxLength !== undefined) parts.push(`≤ ${s.maxLength} chars`);
  if (s.minItems !== undefined) parts.push(`≥ ${s.minItems} items`);
  if (s.maxItems !== undefined) parts.push(`≤ ${s.maxItems} items`);
  if (s.default !== undefined) parts.push(`default \`${JSON.stringify(s.default)}\``);
  return parts.join(", ");
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** Markdown rows (`| field | type | required | notes |`) for an object schema, nested fields dotted. */
export function fieldRows(schema: JsonSchema, prefix = ""): string[] {
  if (schema.oneOf) return variantRows(schema.oneOf, prefix);
  const rows: string[] = [];
  const required = new Set(schema.required ?? []);
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    rows.push(...propertyRows(`${prefix}${name}`, prop, required.has(name)));
  }
  return rows;
}

function propertyRows(path: string, prop: JsonSchema, required: boolean, only?: string): string[] {
  const notes = [only, prop.description, constraints(prop)].filter(Boolean).join("; ");
  const rows = [`| \`${path}\` | ${describeType(prop)} | ${required ? "yes" : "no"} | ${cell(notes)} |`];
  if (prop.properties) rows.push(...fieldRows(prop, `${path}.`));
  const items = prop.type === "array" ? prop.items : undefined;
  if (items?.properties || items?.oneOf) rows.push(...fieldRows(items, `${path}[].`));
  return rows;
}

/**
 * A discriminated union of objects (camera configs by role): the tag once with all its values, the
 * fields every variant has once, and each variant's own fields marked with the tag value they go with.
 */
function variantRows(variants: JsonSchema[], prefix: string): string[] {
  const tag = Object.keys(variants[0]?.properties ?? {}).find((name) =>
    variants.every((v) => v.properties?.[name]?.const !== undefined),
  );
  const tagOf = (v: JsonSchema) => (tag ? `\`${JSON.stringify(v.properties?.[tag]?.const)}\`` : "");
  const rows: string[] = [];
  const seen = new Set<string>();
  for (const variant of variants) {
    for (const [name, prop] of Object.entries(variant.properties ?? {})) {
      if (seen.has(name)) continue;
      seen.add(name);
      const having = variants.filter((v) => v.properties?.[name]);
      const required = having.every((v) => v.required?.includes(name));
      if (name === tag) {
        rows.push(
          ...propertyRows(
            `${prefix}${name}`,
            { ...prop, const: undefined, enum: variants.map((v) => v.properties?.[name]?.const) },
            required,
          ),
        );
      } else {
        const only =
          having.length < variants.length
            ? `only when \`${tag}\` is ${having.map(tagOf).join(" or ")}`
            : undefined;
        rows.push(
          ...propertyRows(`${prefix}${name}`, prop, required && having.length === variants.length, only),
        );
      }
    }
  }
  return rows;
}
