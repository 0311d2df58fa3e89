import { createHash } from "node:crypto";
import { readFile, realpath, stat } from "node:fs/promises";
import { extname, resolve, sep } from "node:path";
import { promisify } from "node:util";
import { constants, gzip } from "node:zlib";

const gzipAsync = promisify(gzip);

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
};
// Images and fonts are already compressed; gzip would only cost CPU. WebAssembly is not: the
// Focus page's onnxruntime-web binary shrinks about 4× (15 → 4 MB), compressed once and kept.
const COMPRESSIBLE = new Set([
  ".wasm",
  ".html",
  ".js",
  ".mjs",
  ".css",
  ".json",
  ".map",
  ".webmanifest",
  ".txt",
  ".svg",
]);
// Below this, gzip's header and the extra header line outweigh the saving.
const MIN_GZIP_BYTES = 512;

export interface StaticFile {
  body: Uint8Array<ArrayBuffer>;
  /** The gzip encoding, when the type compresses and it is worth it. */
  gzip: Uint8Array<ArrayBuffer> | null;
  type: string;
  etag: string;
}

interface Cached {
  mtimeMs: number;
  size: number;
  file: Promise<StaticFile>;
}

/**
 * Files of a built web app, read on first request and kept in memory with their gzip encoding, so
 * each file is compressed once rather than per request. An entry is reloaded when the file's mtime or
 * size changes: rebuilding the dashboard while the hub runs serves the new build.
 */
export class StaticFiles {
  readonly root: string;
  private realRoot: string | null = null;
  private readonly cache = new Map<string, Cached>();

  constructor(dir: string) {
    this.root = resolve(dir);
  }

  /**
   * The file a URL path names under the root, or null when it could name anything outside it: the
   * path is decoded once and any `..`, `.`-prefixed, backslash or NUL segment is refused outright.
   */
  resolvePath(urlPath: string): string | null {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return null;
    }
    if (decoded.includes("\0") || decoded.includes("\\")) return null;
    const segments = decoded.split("/").filter((s) => s.length > 0);
    if (segments.length === 0 || segments.some((s) => s.startsWith("."))) return null;
    const full = resolve(this.root, ...segments);
    return full.startsWith(this.root + sep) ? full : null;
  }

  /** The file at a URL path, or null when there is none (or the path is refused). */
  async get(urlPath: string): Promise<StaticFile | null> {
    const full = this.resolvePath(urlPath);
    if (!full) return null;
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(full);
    } catch {
      return null;
    }
    if (!info.isFile()) return null;
    const cached = this.cache.get(full);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.file;
    // A symlink inside the build must not lead out of it either.
    if (!(await this.inside(full))) return null;
    const file = load(full);
    this.cache.set(full, { mtimeMs: info.mtimeMs, size: info.size, file });
    file.catch(() => this.cache.delete(full));
    return file;
  }

  private async inside(full: string): Promise<boolean> {
    try {
      this.realRoot ??= await realpath(this.root);
      return (await realpath(full)).startsWith(this.realRoot + sep);
    } catch {
      return false;
    }
  }
}

async function load(full: string): Promise<StaticFile> {
  const body = new Uint8Array(await readFile(full));
  const ext = extname(full).toLowerCase();
  let encoded: Uint8Array<ArrayBuffer> | null = null;
  if (COMPRESSIBLE.has(ext) && body.byteLength >= MIN_GZIP_BYTES) {
    const z = new Uint8Array(await gzipAsync(body, { level: constants.Z_BEST_COMPRESSION }));
    if (z.byteLength < body.byteLength) encoded = z;
  }
  const hash = createHash("sha256").update(body).digest("base64url").slice(0, 22);
  return {
    body,
    gzip: encoded,
    type: TYPES[ext] ?? "application/octet-stream",
    // Weak: the gzip and identity encodings are the same content.
    etag: `W/"${hash}"`,
  };
}
