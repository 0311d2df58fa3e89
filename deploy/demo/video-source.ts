import {
  gateMediaUnavailableReason,
  makeGateClip,
  rtspUnavailableReason,
  startRtspServer,
} from "@sitewatch/testkit";

export interface VideoSource {
  /** What the agent's camera config gets. */
  url: string;
  kind: "rtsp" | "file";
  /** Why the file is used instead of RTSP, for the banner. */
  note?: string;
  /** The gate camera's stream (or file), when the gate clip could be made. */
  gate?: GateSource;
  /** Why there is no gate camera, for the banner. */
  gateMissing?: string;
  stop(): Promise<void>;
}

export interface GateSource {
  url: string;
  /** The rendered clip on disk. */
  clip: string;
  /** When the looping stream started the clip (ms since epoch); unknown when the agent plays the file. */
  startedAt?: number;
}

/**
 * The demo cameras. Preferably the clips looped through one local RTSP server (GStreamer), so the agent
 * takes exactly the path a real camera would; without GStreamer the agent plays the files itself in
 * real time, starting them over at their end. The gate clip is rendered from the shared gate pictures
 * (cached after the first run); without them the demo has no gate camera.
 */
export async function startVideoSource(
  clip: string,
  mode: "auto" | "rtsp" | "file",
  log: (line: string) => void,
): Promise<VideoSource> {
  const gate = gateClip(log);
  const fileSource = (note?: string): VideoSource => ({
    url: clip,
    kind: "file",
    note,
    gate: "clip" in gate ? { url: gate.clip, clip: gate.clip } : undefined,
    gateMissing: "missing" in gate ? gate.missing : undefined,
    stop: async () => undefined,
  });
  if (mode === "file") return fileSource("SITEWATCH_DEMO_SOURCE=file");
  const reason = rtspUnavailableReason();
  if (reason !== undefined) {
    if (mode === "rtsp") throw new Error(`SITEWATCH_DEMO_SOURCE=rtsp, but RTSP is unavailable: ${reason}`);
    return fileSource(`no RTSP server: ${reason}`);
  }
  const more = "clip" in gate ? [{ path: "/gate", clip: gate.clip }] : [];
  const server = await startRtspServer({ clip, loop: true, path: "/plaza", more });
  const startedAt = Date.now();
  return {
    url: server.url(),
    kind: "rtsp",
    gate: "clip" in gate ? { url: server.url("/gate"), clip: gate.clip, startedAt } : undefined,
    gateMissing: "missing" in gate ? gate.missing : undefined,
    stop: () => server.stop(),
  };
}

function gateClip(log: (line: string) => void): { clip: string } | { missing: string } {
  const reason = gateMediaUnavailableReason();
  if (reason !== undefined) return { missing: reason };
  try {
    const started = Date.now();
    const made = makeGateClip();
    if (made.rendered) log(`rendered the gate clip in ${Math.round((Date.now() - started) / 1000)} s`);
    return { clip: made.path };
  } catch (error) {
    return { missing: error instanceof Error ? error.message : String(error) };
  }
}
