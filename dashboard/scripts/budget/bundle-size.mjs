import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** Gzipped size (zlib level 9, what a static server with gzip_comp_level 9 sends) of one built file. */
export function gzippedBytes(distDir, urlPath) {
  const file = join(distDir, urlPath.replace(/^\//, "").split(/[?#]/)[0]);
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

/**
 * The JavaScript the browser must fetch before the app can start: index.html's module entry plus
 * every `<link rel="modulepreload">` Vite added for it. Lazy page chunks are not part of it.
 */
export function initialScripts(distDir) {
  const indexFile = join(distDir, "index.html");
  if (!existsSync(indexFile))
    throw new Error(`${indexFile} is missing: run \`npx vite build\` in dashboard/ first`);
  const html = readFileSync(indexFile, "utf8");
  const found = new Set();
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
    const src = /\bsrc="([^"]+)"/.exec(tag)?.[1];
    if (src && /\btype="module"/.test(tag)) found.add(src);
  }
  for (const tag of html.match(/<link\b[^>]*>/g) ?? []) {
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (href && /\brel="modulepreload"/.test(tag)) found.add(href);
  }
  if (found.size === 0) throw new Error(`${indexFile} has no module script`);
  return [...found];
}

/** Sum of the gzipped sizes of `paths` (URL paths under dist/), with the per-file figures. */
export function gzippedTotal(distDir, paths) {
  const files = paths.map((path) => ({ path, gzip: gzippedBytes(distDir, path) }));
  return { files, total: files.reduce((sum, f) => sum + f.gzip, 0) };
}
