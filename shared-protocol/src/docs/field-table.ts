type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
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
  const rows: string[] = [];
  const required = new Set(schema.required ?? []);
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}${name}`;
    const notes = [prop.description, constraints(prop)].filter(Boolean).join("; ");
    rows.push(
      `| \`${path}\` | ${describeType(prop)} | ${required.has(name) ? "yes" : "no"} | ${cell(notes)} |`,
    );
    if (prop.properties) rows.push(...fieldRows(prop, `${path}.`));
    if (prop.type === "array" && prop.items?.properties) rows.push(...fieldRows(prop.items, `${path}[].`));
  }
  return rows;
}
