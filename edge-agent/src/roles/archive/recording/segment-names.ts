// Segment ids carry their own start, so an index lost with its disk sector can be rebuilt from the names.
// `20261205T164904123Z` (UTC, to the millisecond) sorts by time as text and is safe in any file system;
// a rare second segment starting in the same millisecond gets a `-2` suffix.

const ID = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z(?:-(\d+))?$/;

/** The id of a segment that started at `startedAt` (epoch ms), the `n`th with that start. */
export function segmentId(startedAt: number, n = 1): string {
  const iso = new Date(startedAt).toISOString().replace(/[-:.]/g, "");
  return n > 1 ? `${iso}-${n}` : iso;
}

/** The wall-clock start encoded in an id, or undefined for a name that is not a segment's. */
export function startOfSegmentId(id: string): number | undefined {
  const m = ID.exec(id);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms] = m.map(Number) as number[];
  const at = Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s, ms);
  return Number.isNaN(at) ? undefined : at;
}

/** `<id>.mp4` → id; undefined for any other file (the index, a `.part`, a stray). */
export function segmentIdOf(file: string): string | undefined {
  if (!file.endsWith(".mp4")) return undefined;
  const id = file.slice(0, -".mp4".length);
  return startOfSegmentId(id) === undefined ? undefined : id;
}

/**
 * The device-local reference a segmentReady event carries: `device://<camera>/<segment id>.mp4`. Video
 * stays on the device; the hub or an edge worker resolves it against the device that sent the event
 * (the agent's `<dataDir>/archive/<camera>/<segment id>.mp4`) and fetches it through the agent on demand.
 */
export function segmentUri(camera: string, id: string): string {
  return `device://${encodeURIComponent(camera)}/${id}.mp4`;
}

/** The camera and segment id of a `device://` uri made by segmentUri; undefined for anything else. */
export function parseSegmentUri(uri: string): { camera: string; id: string } | undefined {
  const m = /^device:\/\/([^/]+)\/([^/]+)$/.exec(uri);
  const id = m?.[2] ? segmentIdOf(m[2]) : undefined;
  if (!m?.[1] || id === undefined) return undefined;
  const camera = decodeURIComponent(m[1]);
  return camera.includes("/") || camera.includes("..") ? undefined : { camera, id };
}
