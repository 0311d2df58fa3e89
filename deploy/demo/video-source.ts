import { rtspUnavailableReason, startRtspServer } from "@sitewatch/testkit";

export interface VideoSource {
  /** What the agent's camera config gets. */
  url: string;
  kind: "rtsp" | "file";
  /** Why the file is used instead of RTSP, for the banner. */
  note?: string;
  stop(): Promise<void>;
}

/**
 * The demo camera. Preferably the clip looped through a local RTSP server (GStreamer), so the agent
 * takes exactly the path a real camera would; without GStreamer the agent plays the file itself in
 * real time, starting it over at its end.
 */
export async function startVideoSource(clip: string, mode: "auto" | "rtsp" | "file"): Promise<VideoSource> {
  const fileSource = (note?: string): VideoSource => ({
    url: clip,
    kind: "file",
    note,
    stop: async () => undefined,
  });
  if (mode === "file") return fileSource("SITEWATCH_DEMO_SOURCE=file");
  const reason = rtspUnavailableReason();
  if (reason !== undefined) {
    if (mode === "rtsp") throw new Error(`SITEWATCH_DEMO_SOURCE=rtsp, but RTSP is unavailable: ${reason}`);
    return fileSource(`no RTSP server: ${reason}`);
  }
  const server = await startRtspServer({ clip, loop: true, path: "/plaza" });
  return { url: server.url(), kind: "rtsp", stop: () => server.stop() };
}
