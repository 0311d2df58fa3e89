/**
 * A strict reader of the Prometheus text exposition format (0.0.4), for tests: what a scraper would
 * refuse, it throws on, so a test that reads /metrics through it also proves the text is scrapable.
 * prom-client only writes this format, it has no reader of its own.
 */

export type MetricType = "counter" | "gauge" | "histogram" | "summary" | "untyped";

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: MetricType;
  help?: string;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set<MetricType>(["counter", "gauge", "histogram", "summary", "untyped"]);
const SUFFIXES: Record<MetricType, string[]> = {
  counter: [""],
  gauge: [""],
  untyped: [""],
  histogram: ["_bucket", "_sum", "_count"],
  summary: ["", "_sum", "_count"],
};

// As Prometheus reads them (Go's ParseFloat): NaN and Inf in any case; prom-client writes "Nan".
function parseValue(text: string, line: string): number {
  if (/^\+?inf(inity)?$/i.test(text)) return Number.POSITIVE_INFINITY;
  if (/^-inf(inity)?$/i.test(text)) return Number.NEGATIVE_INFINITY;
  if (/^nan$/i.test(text)) return Number.NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`bad value in: ${line}`);
  return Number(text);
}

/** `{a="x",b="y"}` from `start` (just past the brace); returns the labels and the index past `}`. */
function parseLabels(line: string, start: number): [Record<string, string>, number] {
  const labels: Record<string, string> = {};
  let i = start;
  while (line[i] !== "}") {
    const eq = line.indexOf("=", i);
    const name = line.slice(i, eq);
    if (eq < 0 || !LABEL.test(name) || line[eq + 1] !== '"') throw new Error(`bad label in: ${line}`);
    if (name in labels) throw new Error(`label ${name} twice in: ${line}`);
    let value = "";
    for (i = eq + 2; line[i] !== '"'; i++) {
      if (i >= line.length) throw new Error(`unterminated label value in: ${line}`);
      if (line[i] !== "\\") {
        value += line[i];
        continue;
      }
      const escaped = line[++i];
      if (escaped === "n") value += "\n";
      else if (escaped === "\\" || escaped === '"') value += escaped;
      else throw new Error(`bad escape in: ${line}`);
    }
    labels[name] = value;
    i += 1;
    if (line[i] === ",") i += 1;
    else if (line[i] !== "}") throw new Error(`expected , or } in: ${line}`);
  }
  return [labels, i + 1];
}

function familyOf(families: Map<string, Family>, sample: string, line: string): Family {
  for (const family of families.values()) {
    if (SUFFIXES[family.type].some((suffix) => family.name + suffix === sample)) return family;
  }
  throw new Error(`sample without a # TYPE line for its family: ${line}`);
}

/** Every family by name; throws on anything a scraper would reject. */
export function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const seen = new Set<string>();
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name = "", rest = ""] = meta;
      if (!NAME.test(name)) throw new Error(`bad metric name in: ${line}`);
      if (kind === "TYPE") {
        if (!TYPES.has(rest as MetricType)) throw new Error(`bad type in: ${line}`);
        const known = families.get(name);
        if (known && known.samples.length > 0) throw new Error(`# TYPE after samples: ${line}`);
        if (known?.type && known.type !== "untyped") throw new Error(`second # TYPE: ${line}`);
        families.set(name, { name, help: known?.help, samples: [], type: rest as MetricType });
      } else {
        const family = families.get(name) ?? { name, type: "untyped" as const, samples: [] };
        family.help = rest.replace(/\\n/g, "\n").replace(/\\\\/g, "\\");
        families.set(name, family);
      }
      continue;
    }
    if (line.startsWith("#")) continue;
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
    if (!name) throw new Error(`bad sample: ${line}`);
    let [labels, i] = [{} as Record<string, string>, name.length];
    if (line[i] === "{") [labels, i] = parseLabels(line, i + 1);
    const [value, timestamp, extra] = line.slice(i).trim().split(/\s+/);
    if (line[i] !== " " || value === undefined || extra !== undefined) throw new Error(`bad sample: ${line}`);
    if (timestamp !== undefined && !/^-?\d+$/.test(timestamp)) throw new Error(`bad timestamp: ${line}`);
    const family = familyOf(families, name, line);
    if (family.type === "histogram" && name.endsWith("_bucket") && !("le" in labels)) {
      throw new Error(`histogram bucket without le: ${line}`);
    }
    const id = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(id)) throw new Error(`duplicate series: ${line}`);
    seen.add(id);
    family.samples.push({ name, labels, value: parseValue(value, line) });
  }
  return families;
}

/** The samples of one family whose labels include `match`. */
export function samplesOf(families: Map<string, Family>, name: string, match: Record<string, string> = {}) {
  const family = families.get(name);
  if (!family) throw new Error(`no family ${name}`);
  return family.samples.filter((s) => Object.entries(match).every(([k, v]) => s.labels[k] === v));
}
