import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";

// The demo's fixed setup, kept as data (demo-site.json) so it can be read and tuned without code.
// Seat polygons sit on the plaza's walkway where the clip's pedestrians pass every few seconds,
// and the debounces are short so the seat map changes within seconds of someone walking through.

const point = z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]);
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);

export const demoSiteSchema = z.strictObject({
  site: z.strictObject({ id: slug, name: z.string().min(1), timezone: z.string().min(1) }),
  demoUser: z.strictObject({ email: z.email(), displayName: z.string().min(1) }),
  device: z.strictObject({ id: slug, name: z.string().min(1) }),
  camera: z.strictObject({
    id: slug,
    name: z.string().min(1),
    /** File name next to this module. */
    clip: z.string().min(1),
    intervalMs: z.number().int().min(200).max(60_000),
  }),
  /**
   * The gate camera, shown when the shared gate pictures are there to render its clip from. The
   * street-scene detector scores a container filling the picture low and under several names, hence
   * the low threshold and the odd vehicle classes (see the gate agent's integration test).
   */
  gateCamera: z.strictObject({
    id: slug,
    name: z.string().min(1),
    intervalMs: z.number().int().min(200).max(60_000),
    vehicleClasses: z.array(z.string().min(1)).min(1),
    detectorScoreThreshold: z.number().min(0).max(1),
  }),
  analysis: z.strictObject({
    entryDebounceMs: z.number().int().min(0),
    exitDebounceMs: z.number().int().min(0),
    heldAfterMs: z.number().int().min(0),
    minOverlap: z.number().min(0).max(1),
  }),
  motion: z.strictObject({
    enabled: z.boolean(),
    threshold: z.number().min(0).max(1),
    forceEvery: z.number().int().min(1),
  }),
  seats: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/),
        polygon: z.array(point).min(3),
        layout: z.strictObject({ x: z.number().min(0).max(1), y: z.number().min(0).max(1) }),
      }),
    )
    .min(1),
});
export type DemoSite = z.infer<typeof demoSiteSchema>;

export const DEMO_DIR = fileURLToPath(new URL(".", import.meta.url));

export function loadDemoSite(): DemoSite {
  const file = new URL("demo-site.json", import.meta.url);
  return demoSiteSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}

export function demoClipPath(site: DemoSite): string {
  return fileURLToPath(new URL(site.camera.clip, import.meta.url));
}
