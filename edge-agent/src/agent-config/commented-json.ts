// The config file is JSON plus whole-line `//` comments: installers get explanations next to every
// setting without a YAML dependency. A JSON string cannot span lines, so a line whose first
// non-blank characters are `//` is always a comment and stripping such lines is exact.

/** Explanations written above keys; `[]` in a path stands for any array index. */
export type CommentTable = Readonly<Record<string, string>>;

export class CommentedJsonError extends Error {}

/** Parses JSON with whole-line `//` comments; syntax errors name the line. */
export function parseCommentedJson(text: string): unknown {
  const stripped = text
    .split("\n")
    .map((line) => (line.trimStart().startsWith("//") ? "" : line))
    .join("\n");
  try {
    return JSON.parse(stripped);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    if (!at) throw new CommentedJsonError(message);
    const line = stripped.slice(0, Number(at[1])).split("\n").length;
    throw new CommentedJsonError(`line ${line}: ${message.replace(/ in JSON at position \d+.*$/, "")}`);
  }
}

/**
 * Pretty-prints `value` as JSON with the table's comments above known keys. Comments are regenerated
 * on every save rather than preserved, so they always describe the current version of each setting.
 */
export function renderCommentedJson(value: unknown, comments: CommentTable, header: string[] = []): string {
  const out: string[] = header.map((l) => `// ${l}`);
  out.push(render(value, "", 0, comments));
  return `${out.join("\n")}\n`;
}

function render(value: unknown, path: string, depth: number, comments: CommentTable): string {
  const pad = "  ".repeat(depth + 1);
  const closePad = "  ".repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    // Short arrays of numbers (polygon points) stay on one line.
    if (value.every((v) => typeof v === "number")) return JSON.stringify(value).replaceAll(",", ", ");
    const items = value.map((v) => `${pad}${render(v, `${path}[]`, depth + 1, comments)}`);
    return `[\n${items.join(",\n")}\n${closePad}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    const lines = entries.map(([key, v], i) => {
      const keyPath = path ? `${path}.${key}` : key;
      const comment = comments[keyPath];
      const above = comment
        ? `${i > 0 ? "\n" : ""}${comment
            .split("\n")
            .map((l) => `${pad}// ${l}\n`)
            .join("")}`
        : "";
      return `${above}${pad}${JSON.stringify(key)}: ${render(v, keyPath, depth + 1, comments)}`;
    });
    return `{\n${lines.join(",\n")}\n${closePad}}`;
  }
  return JSON.stringify(value);
}
