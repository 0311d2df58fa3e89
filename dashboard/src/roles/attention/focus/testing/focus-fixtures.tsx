import type { FaceSample } from "@sitewatch/shared-protocol/attention";
import { vi } from "vitest";
import { renderWithServices } from "../../../../testing/fake-services.js";
import type { FaceAnalyser } from "../../analysis/face-analyser.js";
import { type FocusEnvironment, FocusEnvironmentProvider } from "../focus-environment.js";
import FocusPage from "../focus-page.js";

// The Focus page's component tests share this: a fake device (camera, analyser, sound) and the page
// rendered with the fake socket answering focus:start and focus:end as the hub would.

/** An ISO time `s` seconds into the reported session. */
export const at = (s: number) => new Date(Date.UTC(2026, 0, 5, 9, 0, s)).toISOString();
export const face: FaceSample = {
  ear: 0.3,
  earLeft: 0.3,
  earRight: 0.3,
  mar: 0.1,
  yaw: 2,
  pitch: -3,
  roll: 1,
};

/** A device with a camera whose tracks record being stopped, and an analyser that always sees `face`. */
export function fakeDevice() {
  const tracks: { stopped: boolean }[] = [];
  const beep = vi.fn();
  const opened = vi.fn();
  const env: FocusEnvironment = {
    async openCamera() {
      opened();
      const track = { stopped: false, stop: () => (track.stopped = true) };
      tracks.push(track);
      return { getTracks: () => [track] } as unknown as MediaStream;
    },
    showStream: async () => undefined,
    cameraFrames: () => null,
    createAnalyser: (): FaceAnalyser => ({
      start: async () => undefined,
      analyse: async (_bitmap, at) => ({ at, face, workerMs: 4 }),
      stop: () => undefined,
    }),
    grabFrame: async () => ({ close: () => undefined }) as ImageBitmap,
    createSound: () => ({ unlock: () => undefined, beep, close: () => undefined }),
  };
  return { env, tracks, beep, opened };
}

export function renderFocus(env: FocusEnvironment) {
  const rendered = renderWithServices(
    <FocusEnvironmentProvider value={env}>
      <FocusPage />
    </FocusEnvironmentProvider>,
  );
  const { socket } = rendered;
  socket.ack = (event) => {
    if (event === "focus:start")
      return { ok: true, data: { session: "s-1", thresholds: {}, startedAt: Date.now() } };
    if (event === "focus:end")
      return {
        ok: true,
        data: {
          session: "s-1",
          startedAt: 1,
          endedAt: 2,
          activeMs: 60_000,
          pausedMs: 0,
          samples: 10,
          stateMs: { focused: 60_000 },
          focusPct: 100,
          alerts: 1,
          blinks: 3,
        },
      };
    return { ok: true, data: undefined };
  };
  const sent = (event: string) => socket.requests.filter((r) => r.event === event);
  return { ...rendered, sent };
}
