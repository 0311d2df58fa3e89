import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The shared real test media: `../shared/media` next to the repository, or wherever
 * SITEWATCH_MEDIA_DIR points (a test-only setting, for checkouts that live elsewhere).
 */
export const MEDIA_DIR =
  process.env.SITEWATCH_MEDIA_DIR ??
  resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared/media");
export const hasMedia = existsSync(join(MEDIA_DIR, "person.jpg"));

/** Path of a media file; tests use `describe.skipIf(!hasMedia)` so a checkout without it skips clearly. */
export function media(name: string): string {
  return join(MEDIA_DIR, name);
}

if (!hasMedia) console.warn(`edge-agent tests: ${MEDIA_DIR} is missing; tests on real media are skipped`);
