import { type ImageSource, loadRgb, sharpOf } from "./raw-image.js";
import type { Box } from "./resize.js";

/** One box to draw: source-pixel corners and a caption (the score is appended as a percentage). */
export interface Annotation {
  box: Readonly<Box>;
  label: string;
  score?: number;
  /** Picks a stable colour; defaults to a hash of the label so the same class keeps its colour. */
  colourKey?: number;
}

export interface AnnotateOptions {
  format?: "png" | "jpeg";
  /** Line width in pixels; default scales with the image so boxes stay visible on 4K frames. */
  lineWidth?: number;
}

const PALETTE = ["#ff3b30", "#34c759", "#007aff", "#ff9500", "#af52de", "#00c7be", "#ffcc00", "#ff2d55"];

function colourFor(a: Annotation): string {
  let key = a.colourKey;
  if (key === undefined) {
    key = 0;
    for (const ch of a.label) key = (key * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  }
  return PALETTE[key % PALETTE.length] as string;
}

/** Labels come from model metadata and user input, so they must not be able to break the SVG. */
function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Builds the SVG overlay; exported so tests can check it without rasterising. */
export function overlaySvg(
  width: number,
  height: number,
  items: readonly Annotation[],
  lineWidth: number,
): string {
  const font = Math.max(10, Math.round(lineWidth * 6));
  const parts = items.map((a) => {
    const [x1, y1, x2, y2] = a.box.map((v) => Math.round(v)) as Box;
    const colour = colourFor(a);
    const caption = a.score === undefined ? a.label : `${a.label} ${Math.round(a.score * 100)}%`;
    const captionWidth = Math.ceil(caption.length * font * 0.6) + 6;
    // Caption sits above the box, or inside it when the box touches the top edge.
    const captionY = y1 - font - 4 >= 0 ? y1 - font - 4 : y1;
    return [
      `<rect x="${x1}" y="${y1}" width="${Math.max(0, x2 - x1)}" height="${Math.max(0, y2 - y1)}"`,
      ` fill="none" stroke="${colour}" stroke-width="${lineWidth}"/>`,
      `<rect x="${x1}" y="${captionY}" width="${captionWidth}" height="${font + 4}" fill="${colour}"/>`,
      `<text x="${x1 + 3}" y="${captionY + font}" font-family="sans-serif" font-size="${font}"`,
      ` fill="#ffffff">${escapeXml(caption)}</text>`,
    ].join("");
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join("")}</svg>`;
}

/** Draws boxes and captions on a copy of the image and returns it encoded (PNG by default). */
export async function annotate(
  source: ImageSource,
  items: readonly Annotation[],
  opts: AnnotateOptions = {},
): Promise<Buffer> {
  const image = await loadRgb(source);
  const lineWidth = opts.lineWidth ?? Math.max(2, Math.round(Math.max(image.width, image.height) / 320));
  const svg = overlaySvg(image.width, image.height, items, lineWidth);
  const pipeline = sharpOf(image).composite([{ input: Buffer.from(svg), left: 0, top: 0 }]);
  return opts.format === "jpeg" ? pipeline.jpeg({ quality: 90 }).toBuffer() : pipeline.png().toBuffer();
}
