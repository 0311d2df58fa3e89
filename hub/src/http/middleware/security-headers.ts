import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-types.js";

/**
 * What the hub's own pages need, and nothing more. The dashboard is a Vite build: hashed scripts and
 * styles from /assets, no inline script, Socket.IO to the same origin, snapshots as blob: URLs and
 * canvas charts. ECharts writes its tooltips as HTML with style attributes, hence 'unsafe-inline' for
 * styles only; 'wasm-unsafe-eval' lets an in-browser ONNX runtime compile WebAssembly without allowing
 * eval(). Swagger UI at /api/docs fits too: its start-up script is a file (/api/docs/init.js), not inline.
 */
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  // hls.js plays live video through a MediaSource, which the video element loads from a blob: URL.
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

// A Host header that is only a host name or address with a port may appear in the policy verbatim.
const PLAIN_HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** One year, without includeSubDomains: the hub does not speak for other hosts of its domain. */
export const HSTS = "max-age=31536000";

export function contentSecurityPolicy(host: string | undefined): string {
  // CSP 3 lets 'self' cover ws:/wss: to the same host; browsers that predate it need the origin named.
  const sockets = host && PLAIN_HOST.test(host) ? ` ws://${host} wss://${host}` : "";
  return [...DIRECTIVES, `connect-src 'self'${sockets}`].join("; ");
}

/**
 * Browser hardening on every response: CSP, no framing (clickjacking), no MIME sniffing, no Referer
 * leaking ids in URLs to other sites, and HSTS when the hub itself serves TLS (behind a proxy that
 * terminates TLS, the proxy sends it). A header a route set itself is left as it is.
 */
export function securityHeaders(opts: { tls: boolean }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    const put = (name: string, value: string) => {
      if (!headers.has(name)) headers.set(name, value);
    };
    put("content-security-policy", contentSecurityPolicy(c.req.header("host")));
    put("x-frame-options", "DENY");
    put("x-content-type-options", "nosniff");
    put("referrer-policy", "no-referrer");
    put("cross-origin-opener-policy", "same-origin");
    // The camera for the dashboard's own Focus page only (getUserMedia, analysed in the page); never
    // for a frame of another origin. Microphone and location stay off.
    put("permissions-policy", "camera=(self), microphone=(), geolocation=()");
    if (opts.tls) put("strict-transport-security", HSTS);
  };
}
