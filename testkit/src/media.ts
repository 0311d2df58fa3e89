import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The shared real test media (pictures, vtest.avi): `../shared/media` next to the repository, or
 * wherever SITEWATCH_MEDIA_DIR points (a test-only setting, for checkouts that live elsewhere).
 */
export const MEDIA_DIR =
  process.env.SITEWATCH_MEDIA_DIR ??
  resolve(dirname(fileURLToPath(import.meta.url)), "../../../shared/media");

/** Whether the media folder is there; tests on real media use `describe.skipIf(!hasMedia)`. */
export const hasMedia = existsSync(join(MEDIA_DIR, "person.jpg"));

/** Path of a media file. */
export function media(name: string): string {
  return join(MEDIA_DIR, name);
}
