/**
 * What a `Range` request header asks of a file of `size` bytes (RFC 9110 §14). A browser's `<video>`
 * asks for `bytes=0-` first and then seeks with `bytes=N-`; one range is all it ever asks for. Headers
 * this server does not serve as a range (another unit, several ranges, a malformed one) are ignored,
 * as the RFC allows, and the whole file is sent.
 */
export type ByteRange =
  | { kind: "full" }
  | { kind: "partial"; start: number; end: number }
  | { kind: "unsatisfiable" };

const SINGLE = /^bytes=(\d*)-(\d*)$/i;

export function parseByteRange(header: string | undefined, size: number): ByteRange {
  if (!header) return { kind: "full" };
  const match = SINGLE.exec(header.trim());
  if (!match) return { kind: "full" };
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return { kind: "full" };
  if (first === "") {
    // A suffix: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === "" ? size - 1 : Number(last);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return { kind: "full" };
  // `N-M` with M < N is malformed (ignored); `N-` from past the end is a range this file cannot meet.
  if (last !== "" && end < start) return { kind: "full" };
  if (start >= size) return { kind: "unsatisfiable" };
  return { kind: "partial", start, end: Math.min(end, size - 1) };
}

/** The headers of an answer to `range` for a file of `size` bytes. */
export function rangeHeaders(range: ByteRange, size: number): Record<string, string> {
  switch (range.kind) {
    case "partial":
      return {
        "content-range": `bytes ${range.start}-${range.end}/${size}`,
        "content-length": String(range.end - range.start + 1),
      };
    case "unsatisfiable":
      return { "content-range": `bytes */${size}` };
    default:
      return { "content-length": String(size) };
  }
}
