/**
 * Enough of JPEG (ITU T.81, annex B) to tell a picture from arbitrary bytes without decoding it: the
 * start and end markers, a walk over the marker segments up to the frame header, and the frame's size.
 */

export interface JpegSize {
  width: number;
  height: number;
}

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const TEM = 0x01;

/** SOF0…SOF15 are frame headers, except DHT (C4), JPG (C8) and DAC (CC) in the same range. */
const isFrameHeader = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
/** Markers without a length: restart markers and TEM. */
const isStandalone = (marker: number) => (marker >= 0xd0 && marker <= 0xd7) || marker === TEM;

/** The picture's size from its frame header, or why `bytes` are not a JPEG. */
export function readJpegSize(bytes: Uint8Array): JpegSize | { problem: string } {
  const n = bytes.length;
  if (n < 4 || bytes[0] !== 0xff || bytes[1] !== SOI) return { problem: "no JPEG start marker" };
  if (bytes[n - 2] !== 0xff || bytes[n - 1] !== EOI) return { problem: "no JPEG end marker" };
  let pos = 2;
  while (pos < n) {
    if (bytes[pos] !== 0xff) return { problem: `no marker at byte ${pos}` };
    // Any number of 0xFF fill bytes may precede a marker.
    while (pos < n && bytes[pos] === 0xff) pos++;
    const marker = bytes[pos++] as number;
    if (isStandalone(marker)) continue;
    if (marker === EOI || marker === SOS || marker === SOI || marker === 0x00 || pos + 2 > n)
      return { problem: "no frame header before the image data" };
    const length = ((bytes[pos] as number) << 8) | (bytes[pos + 1] as number);
    if (length < 2 || pos + length > n) return { problem: `truncated segment at byte ${pos}` };
    if (isFrameHeader(marker)) {
      if (length < 8) return { problem: "frame header too short" };
      const height = ((bytes[pos + 3] as number) << 8) | (bytes[pos + 4] as number);
      const width = ((bytes[pos + 5] as number) << 8) | (bytes[pos + 6] as number);
      const components = bytes[pos + 7] as number;
      if (width === 0 || height === 0) return { problem: "frame header without a size" };
      if (components === 0 || length !== 8 + 3 * components)
        return { problem: "frame header with a wrong component count" };
      return { width, height };
    }
    pos += length;
  }
  return { problem: "no frame header" };
}
