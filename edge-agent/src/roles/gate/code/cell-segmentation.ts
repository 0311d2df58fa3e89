import type { RawImage } from "../../../vision/image/raw-image.js";

/**
 * Splits an upright crop of a vertical code (characters stacked one under the other) into one cell
 * per character. Container markings are a single flat colour on a flat wall, so an Otsu threshold
 * separates ink from paint; the crop's left and right edges are wall, which says which side is ink.
 * Rows with (almost) no ink are the gaps between characters; a boxed check digit is one cell
 * because its frame joins its rows.
 */
export interface Cell {
  /** First row and one past the last row of the character in the crop. */
  start: number;
  end: number;
}

/** Share of a row that must be ink for the row to belong to a character. */
const ROW_INK = 0.06;

export function segmentColumn(crop: RawImage): Cell[] {
  const { width, height } = crop;
  const gray = toGray(crop);
  // Otsu's level splits grey levels (rounded) into ≤ level and above; the cut between them is +0.5.
  const threshold = otsu(gray) + 0.5;
  let edge = 0;
  for (let y = 0; y < height; y++)
    edge += (gray[y * width] as number) + (gray[y * width + width - 1] as number);
  // A wall below the cut means light ink.
  const inkIsLight = edge / (2 * height) < threshold;
  const runs: Cell[] = [];
  let start = -1;
  for (let y = 0; y <= height; y++) {
    let ink = 0;
    if (y < height) {
      for (let x = 0; x < width; x++) if ((gray[y * width + x] as number) > threshold === inkIsLight) ink++;
    }
    const on = y < height && ink / width > ROW_INK;
    if (on && start < 0) start = y;
    if (!on && start >= 0) {
      runs.push({ start, end: y });
      start = -1;
    }
  }
  // Specks are shorter than a sixth of the column's width; characters are taller than wide.
  const cells = runs.filter((r) => r.end - r.start >= width / 6);
  return splitMerged(cells);
}

/**
 * Two characters touching (dirt, a tight font) make one run about twice the usual height; cut such
 * runs evenly, since stencilled characters share one height.
 */
function splitMerged(cells: Cell[]): Cell[] {
  if (cells.length < 3) return cells;
  const heights = cells.map((c) => c.end - c.start).sort((a, b) => a - b);
  const typical = heights[Math.floor(heights.length / 2)] as number;
  return cells.flatMap((cell) => {
    const parts = Math.round((cell.end - cell.start) / typical);
    if (parts < 2 || (cell.end - cell.start) / typical < 1.7) return [cell];
    const step = (cell.end - cell.start) / parts;
    return Array.from({ length: parts }, (_, i) => ({
      start: Math.round(cell.start + i * step),
      end: Math.round(cell.start + (i + 1) * step),
    }));
  });
}

function toGray(image: RawImage): Float32Array {
  const gray = new Float32Array(image.width * image.height);
  for (let i = 0; i < gray.length; i++) {
    const o = i * 3;
    gray[i] =
      0.299 * (image.data[o] as number) +
      0.587 * (image.data[o + 1] as number) +
      0.114 * (image.data[o + 2] as number);
  }
  return gray;
}

/** Otsu's threshold: the grey level that best splits the histogram into two classes. */
export function otsu(gray: Float32Array): number {
  const histogram = new Array<number>(256).fill(0);
  for (const g of gray) {
    const bin = Math.min(255, Math.max(0, Math.round(g)));
    histogram[bin] = (histogram[bin] as number) + 1;
  }
  let total = 0;
  for (let i = 0; i < 256; i++) total += i * (histogram[i] as number);
  let below = 0;
  let belowSum = 0;
  let best = -1;
  let threshold = 127;
  for (let i = 0; i < 256; i++) {
    below += histogram[i] as number;
    if (below === 0) continue;
    const above = gray.length - below;
    if (above === 0) break;
    belowSum += i * (histogram[i] as number);
    const spread = below * above * (belowSum / below - (total - belowSum) / above) ** 2;
    if (spread > best) {
      best = spread;
      threshold = i;
    }
  }
  return threshold;
}
