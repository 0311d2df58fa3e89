import { type ParseError, type ParseErrorCode, parse, printParseErrorCode } from "jsonc-parser";

// The config file is JSON with comments (JSONC, as VS Code's settings): `//` and `/* */` anywhere
// between tokens, and trailing commas. Installers get explanations next to every setting without a
// YAML dependency; the parser is Microsoft's jsonc-parser, so an edit that VS Code accepts loads here.

/** Explanations written above keys; `[]` in a path stands for any array index. */
export type CommentTable = Readonly<Record<string, string>>;

/** A syntax error at a 1-based line and column, with what the parser expected there. */
export class CommentedJsonError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    super(`line ${line}, column ${column}: ${problem}`);
  }
}

/** Parses JSON with comments and trailing commas; throws CommentedJsonError at the first syntax error. */
export function parseCommentedJson(text: string): unknown {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (!first) return value;
  const before = text.slice(0, first.offset).split("\n");
  const column = (before.at(-1) ?? "").length + 1;
  throw new CommentedJsonError(before.length, column, describeError(first.error));
}

// printParseErrorCode gives "CloseBraceExpected"; the installer reads "expected } ...".
const PROBLEMS: Partial<Record<string, string>> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "invalid number",
  PropertyNameExpected: 'expected a property name in double quotes (or "}")',
  ValueExpected: "expected a value",
  ColonExpected: 'expected ":" after the property name',
  CommaExpected: 'expected "," between entries',
  CloseBraceExpected: 'expected "}" to close the object',
  CloseBracketExpected: 'expected "]" to close the list',
  EndOfFileExpected: "expected the end of the file after the value",
  InvalidCommentToken: "invalid comment",
  UnexpectedEndOfComment: 'comment not closed with "*/"',
  UnexpectedEndOfString: "text not closed with a double quote",
  UnexpectedEndOfNumber: "number cut short",
  InvalidUnicode: "invalid \\u escape",
  InvalidEscapeCharacter: "invalid escape after \\",
  InvalidCharacter: "control character inside text (write \\n or \\t)",
};

function describeError(code: ParseErrorCode): string {
  const name = printParseErrorCode(code);
  return PROBLEMS[name] ?? name;
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
