import { type ErrorData, ErrorTypes, type HlsConfig } from "hls.js/light";

/**
 * hls.js for a live view of 1–2 s segments that should be seconds, not tens of seconds, behind the
 * camera: start at the live edge, play two segments behind it (one leaves no room for an upload that
 * comes late), catch up by playing slightly faster when a little late, and jump forward when far
 * behind. `token` is read on every request, so a refreshed access token is used from the next one on;
 * it is sent to the hub's own origin only, whatever a playlist might name.
 */
export function liveHlsConfig(token: () => string | undefined, origin: string): Partial<HlsConfig> {
  return {
    startPosition: -1,
    lowLatencyMode: true,
    liveSyncDurationCount: 2,
    liveMaxLatencyDurationCount: 10,
    maxLiveSyncPlaybackRate: 1.2,
    // A view left open for hours must not keep every second it played.
    backBufferLength: 10,
    xhrSetup(xhr, url) {
      xhr.open("GET", url, true);
      const value = token();
      if (value && sameOrigin(url, origin)) xhr.setRequestHeader("Authorization", `Bearer ${value}`);
    },
  };
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url, origin).origin === origin;
  } catch {
    return false;
  }
}

export type LiveProblemKind =
  | "offline"
  | "notStreaming"
  | "unauthorized"
  | "forbidden"
  | "notFound"
  | "network"
  | "media"
  | "other";

export interface LiveProblem {
  kind: LiveProblemKind;
  /** The HTTP status, 0 when there was none. */
  status: number;
  message: string;
  /** Worth trying again by itself: the device may come online, the network come back. */
  transient: boolean;
}

const BY_STATUS: Record<number, LiveProblemKind> = {
  401: "unauthorized",
  403: "forbidden",
  404: "notFound",
  503: "offline",
  504: "notStreaming",
};

/**
 * What a fatal hls.js error means for the viewer. The hub explains its refusals in the error body
 * (`{error: {code, message}}`: the device is offline, did not start streaming…), which hls.js leaves on
 * the request it made; that message is shown rather than hls.js's generic one.
 */
export function liveProblemOf(
  data: Pick<ErrorData, "type" | "details" | "error" | "response" | "networkDetails">,
): LiveProblem {
  const status = data.response?.code ?? 0;
  const message = hubMessage(data.networkDetails) ?? data.error?.message ?? String(data.details);
  if (data.type === ErrorTypes.MEDIA_ERROR) return { kind: "media", status, message, transient: false };
  const known = BY_STATUS[status];
  if (known)
    return { kind: known, status, message, transient: known === "offline" || known === "notStreaming" };
  if (status === 0 && data.type === ErrorTypes.NETWORK_ERROR)
    return { kind: "network", status, message, transient: true };
  return { kind: "other", status, message, transient: status >= 500 };
}

function hubMessage(details: unknown): string | undefined {
  if (!details || typeof details !== "object" || !("responseText" in details)) return undefined;
  try {
    // A segment request's body is an ArrayBuffer: reading its text throws, and it names nothing.
    const text = (details as { responseText: unknown }).responseText;
    if (typeof text !== "string" || !text) return undefined;
    const body = JSON.parse(text) as { error?: { message?: unknown } };
    return typeof body.error?.message === "string" ? body.error.message : undefined;
  } catch {
    return undefined;
  }
}
