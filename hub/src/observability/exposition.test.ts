import { describe, expect, it } from "vitest";
import { parseExposition, samplesOf } from "./exposition.test-support.js";

const ok = [
  "# HELP jobs Jobs by status",
  "# TYPE jobs gauge",
  'jobs{status="failed"} 3',
  'jobs{status="a \\"quoted\\" \\\\ one"} 1.5e2',
  "# TYPE lat histogram",
  'lat_bucket{le="0.1"} 1',
  'lat_bucket{le="+Inf"} 2',
  "lat_sum 0.3",
  "lat_count 2",
  "# TYPE idle gauge",
  'idle{a="nan"} Nan',
  'idle{a="inf"} -Inf',
  "",
].join("\n");

describe("parseExposition (test support)", () => {
  it("reads families, labels with escapes, values and histogram series", () => {
    const m = parseExposition(ok);
    expect(m.get("jobs")).toMatchObject({ type: "gauge", help: "Jobs by status" });
    expect(samplesOf(m, "jobs").map((s) => [s.labels.status, s.value])).toEqual([
      ["failed", 3],
      ['a "quoted" \\ one', 150],
    ]);
    expect(samplesOf(m, "lat").map((s) => s.name)).toEqual([
      "lat_bucket",
      "lat_bucket",
      "lat_sum",
      "lat_count",
    ]);
    expect(samplesOf(m, "lat", { le: "+Inf" })[0]?.value).toBe(2);
    expect(samplesOf(m, "idle").map((s) => s.value)).toEqual([Number.NaN, Number.NEGATIVE_INFINITY]);
  });

  it.each([
    ["a sample without # TYPE", "x 1"],
    ["a bad value", "# TYPE x gauge\nx one"],
    ["a duplicate series", '# TYPE x gauge\nx{a="1"} 1\nx{a="1"} 2'],
    ["a label twice", '# TYPE x gauge\nx{a="1",a="2"} 1'],
    ["an unterminated label value", '# TYPE x gauge\nx{a="1} 1'],
    ["a bad escape", '# TYPE x gauge\nx{a="\\t"} 1'],
    ["a bucket without le", "# TYPE h histogram\nh_bucket 1"],
    ["a second TYPE", "# TYPE x gauge\n# TYPE x counter"],
    ["an unknown type", "# TYPE x meter"],
    ["trailing garbage", "# TYPE x gauge\nx 1 2 3"],
  ])("refuses %s", (_what, text) => {
    expect(() => parseExposition(text)).toThrow();
  });
});
