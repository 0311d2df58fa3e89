import type { ConversionContext, OpNode } from "../context.js";
import type { Value } from "../values.js";

const BIG = 2 ** 31 - 1;
const bit = (mask: number, i: number) => (mask >> i) & 1;

/** Elements of [begin, end) with `stride` along a dim of `size`, Python-slice style (-1 if unknown). */
function sliceLength(size: number, begin: number, end: number, stride: number): number {
  if (size < 0) return -1;
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  const norm = (v: number) => (v < 0 ? v + size : v);
  if (stride > 0) {
    const b = clamp(norm(begin), 0, size);
    const e = clamp(norm(end), 0, size);
    return Math.max(0, Math.ceil((e - b) / stride));
  }
  const b = clamp(norm(begin), -1, size - 1);
  const e = clamp(norm(end), -1, size - 1);
  return Math.max(0, Math.ceil((b - e) / -stride));
}

interface DimSlice {
  axis: number;
  begin: number;
  end: number;
  stride: number;
}

/**
 * StridedSlice with constant begin/end/strides and all five masks. The sparse spec is expanded to one
 * entry per input dim (ellipsis = full dims, new_axis = no input dim), then emitted as
 * Slice → Squeeze (shrink_axis) → Unsqueeze (new_axis).
 */
export function stridedSlice(ctx: ConversionContext, node: OpNode): Value {
  const x = node.input(0);
  const rank = node.rank(0);
  const begin = node.constInts(1, "begin");
  const end = node.constInts(2, "end");
  const strides = node.constInts(3, "strides");
  const [beginMask, endMask, ellipsisMask, newAxisMask, shrinkMask] = [
    "begin_mask",
    "end_mask",
    "ellipsis_mask",
    "new_axis_mask",
    "shrink_axis_mask",
  ].map((m) => node.attrs.int(m, 0)) as [number, number, number, number, number];
  const shape = x.shape ?? new Array<number>(rank).fill(-1);
  const slices: DimSlice[] = [];
  const shrink: number[] = [];
  const outShape: number[] = [];
  const newAxes: number[] = [];
  const spec = begin.length;
  const consumed = Array.from(
    { length: spec },
    (_, i) => !bit(newAxisMask, i) && !bit(ellipsisMask, i),
  ).filter(Boolean).length;
  let axis = 0;
  for (let i = 0; i < spec; i++) {
    if (bit(ellipsisMask, i)) {
      for (const stop = axis + rank - consumed; axis < stop; axis++) outShape.push(shape[axis] ?? -1);
      continue;
    }
    if (bit(newAxisMask, i)) {
      newAxes.push(outShape.length);
      outShape.push(1);
      continue;
    }
    const stride = strides[i] ?? 1;
    if (stride === 0) throw node.fail("stride 0");
    const size = shape[axis] ?? -1;
    if (bit(shrinkMask, i)) {
      const b = begin[i] ?? 0;
      slices.push({ axis, begin: b, end: b === -1 ? BIG : b + 1, stride: 1 });
      shrink.push(axis);
    } else {
      const b = bit(beginMask, i) ? (stride > 0 ? 0 : BIG) : (begin[i] ?? 0);
      const e = bit(endMask, i) ? (stride > 0 ? BIG : -BIG) : (end[i] ?? 0);
      slices.push({ axis, begin: b, end: e, stride });
      // A masked end on a negative stride runs past index 0: length counts down to -1 exclusive.
      const len =
        bit(endMask, i) && stride < 0
          ? sliceLength(size, b, -size - 1, stride)
          : sliceLength(size, b, e, stride);
      outShape.push(len);
    }
    axis++;
  }
  for (; axis < rank; axis++) outShape.push(shape[axis] ?? -1);

  const base = ctx.logical(x);
  let y = base;
  const real = slices.filter((s) => !(s.stride === 1 && s.begin === 0 && s.end >= BIG));
  if (real.length > 0) {
    const ints = (f: (s: DimSlice) => number) => ctx.int64("slice", real.map(f));
    y = ctx.op("Slice", [
      y,
      ints((s) => s.begin),
      ints((s) => s.end),
      ints((s) => s.axis),
      ints((s) => s.stride),
    ]);
  }
  if (shrink.length > 0) y = ctx.op("Squeeze", [y, ctx.int64("axes", shrink)]);
  if (newAxes.length > 0) y = ctx.op("Unsqueeze", [y, ctx.int64("axes", newAxes)]);
  if (y === base) return x;
  return ctx.value(y, x.dtype, outShape);
}
