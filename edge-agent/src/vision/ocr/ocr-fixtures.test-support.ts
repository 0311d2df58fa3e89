import sharp from "sharp";
import type { RawImage } from "../image/raw-image.js";

/**
 * Synthetic container-door markings for OCR tests, rendered with sharp's SVG support so the tests
 * need no image files: bold sans-serif codes on coloured panels, optionally rotated or noisy.
 */
export interface PanelSpec {
  lines: string[];
  background: string;
  foreground?: string;
  width?: number;
  height?: number;
  fontSize?: number;
  /** Degrees, clockwise, about the panel centre (the background is extended to cover the corners). */
  rotate?: number;
  /** Standard deviation of additive Gaussian noise per channel, 0..255. */
  noise?: number;
}

export async function renderPanel(spec: PanelSpec): Promise<RawImage> {
  const width = spec.width ?? 640;
  const height = spec.height ?? 64 + spec.lines.length * 72;
  const fontSize = spec.fontSize ?? 48;
  const lineGap = fontSize * 1.5;
  const firstBaseline = height / 2 - ((spec.lines.length - 1) * lineGap) / 2 + fontSize * 0.36;
  const text = spec.lines
    .map(
      (line, i) =>
        `<text x="${width / 2}" y="${firstBaseline + i * lineGap}" text-anchor="middle">${escapeXml(line)}</text>`,
    )
    .join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect x="${-width}" y="${-height}" width="${width * 3}" height="${height * 3}" fill="${spec.background}"/>
    <g transform="rotate(${spec.rotate ?? 0} ${width / 2} ${height / 2})" font-family="DejaVu Sans"
       font-weight="bold" font-size="${fontSize}" fill="${spec.foreground ?? "#ffffff"}">${text}</g>
  </svg>`;
  const { data, info } = await sharp(Buffer.from(svg))
    .removeAlpha()
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  const image: RawImage = { data: new Uint8Array(data), width: info.width, height: info.height };
  return spec.noise ? addNoise(image, spec.noise) : image;
}

/** Adds seeded Gaussian noise so the test is repeatable. */
function addNoise(image: RawImage, sigma: number, seed = 1234): RawImage {
  let state = seed >>> 0;
  const uniform = () => {
    // mulberry32: tiny, deterministic, good enough for test noise.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i++) {
    const gaussian = Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
    data[i] = Math.min(255, Math.max(0, Math.round((image.data[i] as number) + gaussian * sigma)));
  }
  return { data, width: image.width, height: image.height };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Compares OCR output with the expected code the way an operator would: ignoring spaces and case. */
export function normaliseCode(text: string): string {
  return text.replace(/\s+/g, "").toUpperCase();
}
