/**
 * Metric names in PromQL expressions, for checking the alert rules and the dashboard against the hub's
 * real /metrics. Not a PromQL parser: it removes what cannot be a metric name (strings, label
 * matchers, ranges, grouping clauses, numbers, keywords, function calls) and keeps the identifiers
 * left, which is all the expressions in deploy/ use.
 */

const KEYWORDS = new Set(["and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring"]);
const GROUPING = /\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g;

export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, " ")
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(GROUPING, " ")
    .replace(/\b(group_left|group_right)\b/g, " ")
    .replace(/\$\w+/g, " ");
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*(\s*\()?/g)) {
    const [token, call] = [match[0].replace(/\s*\($/, ""), match[1]];
    // A function call (rate(, histogram_quantile(, sum( …), a keyword, or a number's exponent/Inf.
    if (call || KEYWORDS.has(token) || /^(e\d*|Inf|NaN)$/i.test(token)) continue;
    if (match.index > 0 && /[\d.]/.test(stripped[match.index - 1] ?? "")) continue;
    names.add(token);
  }
  return [...names];
}

/** Family names and types from `# TYPE` lines of the text exposition format. */
export function familiesOf(text: string): Map<string, string> {
  const families = new Map<string, string>();
  for (const match of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) families.set(match[1] ?? "", match[2] ?? "");
  return families;
}

/** Every series name a scrape of these families yields (histograms add _bucket, _sum and _count). */
export function seriesNames(families: Map<string, string>): Set<string> {
  const names = new Set<string>();
  for (const [name, type] of families) {
    names.add(name);
    if (type === "histogram") for (const s of ["_bucket", "_sum", "_count"]) names.add(name + s);
    if (type === "summary") for (const s of ["_sum", "_count"]) names.add(name + s);
  }
  return names;
}
