import { ErrorDetails, ErrorTypes } from "hls.js/light";
import { describe, expect, it } from "vitest";
import { liveHlsConfig, liveProblemOf } from "./hls-config.js";

const ORIGIN = "https://hub.example";

/** Records what hls.js's loader would do to a real XMLHttpRequest. */
class RecordingXhr {
  opened: string[] = [];
  headers: Record<string, string> = {};
  open(method: string, url: string, async: boolean) {
    this.opened.push(`${method} ${url} ${async}`);
  }
  setRequestHeader(name: string, value: string) {
    if (this.opened.length === 0) throw new Error("setRequestHeader before open");
    this.headers[name] = value;
  }
}

function setUp(url: string, token: () => string | undefined) {
  const xhr = new RecordingXhr();
  liveHlsConfig(token, ORIGIN).xhrSetup?.(xhr as unknown as XMLHttpRequest, url, {} as never);
  return xhr;
}

describe("liveHlsConfig", () => {
  it("starts at the live edge and plays close to it", () => {
    const config = liveHlsConfig(() => "t", ORIGIN);
    expect(config.startPosition).toBe(-1);
    expect(config.liveSyncDurationCount).toBeGreaterThanOrEqual(1);
    expect(config.liveSyncDurationCount).toBeLessThanOrEqual(2);
    expect(config.liveMaxLatencyDurationCount).toBeGreaterThan(config.liveSyncDurationCount ?? 0);
  });

  it("opens every request and sends the current token with it, to the hub's origin", () => {
    let token = "first";
    const playlist = setUp(`${ORIGIN}/api/v1/sites/s/devices/d/cameras/c/live/index.m3u8`, () => token);
    expect(playlist.opened).toEqual([
      `GET ${ORIGIN}/api/v1/sites/s/devices/d/cameras/c/live/index.m3u8 true`,
    ]);
    expect(playlist.headers).toEqual({ Authorization: "Bearer first" });
    token = "refreshed";
    const segment = setUp(`${ORIGIN}/api/v1/sites/s/devices/d/cameras/c/live/segments/7.ts`, () => token);
    expect(segment.headers).toEqual({ Authorization: "Bearer refreshed" });
  });

  it("never sends the token to another origin, and sends none without one", () => {
    expect(setUp("https://elsewhere.example/x.ts", () => "secret").headers).toEqual({});
    const anonymous = setUp(`${ORIGIN}/live/index.m3u8`, () => undefined);
    expect(anonymous.opened).toHaveLength(1);
    expect(anonymous.headers).toEqual({});
  });
});

const networkError = (code: number, body?: string) => ({
  type: ErrorTypes.NETWORK_ERROR,
  details: ErrorDetails.MANIFEST_LOAD_ERROR,
  error: new Error(`HTTP ${code}`),
  response: { url: "x", code },
  networkDetails: body === undefined ? null : ({ responseText: body } as never),
});

const hubBody = (code: string, message: string) =>
  JSON.stringify({ error: { code, message, requestId: "r" } });

describe("liveProblemOf", () => {
  it("says the device is offline or not streaming, in the hub's words, and that it will try again", () => {
    const offline = liveProblemOf(networkError(503, hubBody("DEVICE_OFFLINE", "device edge-1 is offline")));
    expect(offline).toEqual({
      kind: "offline",
      status: 503,
      message: "device edge-1 is offline",
      transient: true,
    });
    const late = liveProblemOf(networkError(504, hubBody("COMMAND_TIMEOUT", "no segment within 10 s")));
    expect(late).toMatchObject({ kind: "notStreaming", message: "no segment within 10 s", transient: true });
  });

  it("does not retry refusals by itself", () => {
    expect(liveProblemOf(networkError(401, hubBody("UNAUTHENTICATED", "token expired")))).toMatchObject({
      kind: "unauthorized",
      transient: false,
    });
    expect(liveProblemOf(networkError(403, hubBody("FORBIDDEN", "no access")))).toMatchObject({
      kind: "forbidden",
      message: "no access",
      transient: false,
    });
    expect(liveProblemOf(networkError(404))).toMatchObject({ kind: "notFound", message: "HTTP 404" });
  });

  it("falls back to hls.js's message when the body is binary or not the hub's", () => {
    const binary = {
      get responseText(): string {
        throw new Error("InvalidStateError: responseType is arraybuffer");
      },
    };
    const problem = liveProblemOf({ ...networkError(500), networkDetails: binary as never });
    expect(problem).toEqual({ kind: "other", status: 500, message: "HTTP 500", transient: true });
    expect(liveProblemOf(networkError(502, "<html>bad gateway</html>")).message).toBe("HTTP 502");
  });

  it("tells a lost connection and an undecodable stream apart", () => {
    expect(liveProblemOf(networkError(0))).toMatchObject({ kind: "network", transient: true });
    const media = liveProblemOf({
      type: ErrorTypes.MEDIA_ERROR,
      details: ErrorDetails.BUFFER_APPEND_ERROR,
      error: new Error("append failed"),
    });
    expect(media).toEqual({ kind: "media", status: 0, message: "append failed", transient: false });
  });
});
