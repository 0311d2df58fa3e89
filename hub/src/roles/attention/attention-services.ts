import { frameSettingsOf } from "../../config.js";
import type { RoleServiceDeps, RoleServices } from "../hub-role.js";
import { siteThresholdsReader } from "./attention-thresholds-store.js";
import { FrameService } from "./frames/frame-service.js";
import { frameSessionRoute } from "./frames/frame-session-route.js";
import type { FocusLimits } from "./live/focus-limits.js";
import { FocusSessions } from "./live/focus-sessions.js";
import { attachFocusSockets } from "./live/focus-socket.js";
import { faceModelsRoute } from "./routes/face-models.js";

/** Test overrides for the attention role's services (bounds and timeouts of focus sessions). */
export interface AttentionServiceOptions {
  focus?: Partial<FocusLimits>;
}

export interface AttentionServices extends RoleServices {
  /** Learners' live focus sessions: the dashboard's Socket.IO connection and the frame socket feed them. */
  readonly focus: FocusSessions;
  /** The frame socket: JPEG frames in, analysed in worker threads, results to `focus`. */
  readonly frames: FrameService;
}

/**
 * The attention role's long-lived parts: focus sessions (one attention machine each, rows through their
 * own batch writer), and the Socket.IO handlers and the frame socket that feed them.
 */
export function createAttentionServices(
  deps: RoleServiceDeps,
  options: AttentionServiceOptions = {},
): AttentionServices {
  const { config, database, events, metrics, logger } = deps;
  const focus = new FocusSessions({
    database,
    events,
    metrics,
    logger,
    writer: config.ingest,
    limits: options.focus,
    thresholdsFor: siteThresholdsReader(database.db),
  });
  const frames = new FrameService({
    authenticator: deps.authenticator,
    sessions: focus,
    settings: frameSettingsOf(config),
    metrics,
    logger,
    allowAddress: deps.allowAddress,
    accessEvents: deps.accessEvents,
  });
  let detach: (() => void) | undefined;
  return {
    focus,
    frames,
    // The browser's face models are the ones the frame socket runs.
    routes: [frameSessionRoute(focus), faceModelsRoute({ dir: frameSettingsOf(config).modelDir, logger })],
    initialState: focus.initialState,
    attach({ server, io }) {
      detach = attachFocusSockets(io, {
        sessions: focus,
        authenticator: deps.authenticator,
        database,
        logger,
      });
      focus.start();
      // The frame socket's inference workers start with its first client.
      frames.start(server);
    },
    async stop() {
      detach?.();
      // Frames feed focus sessions, so their socket and workers stop first.
      await frames.stop();
      await focus.stop();
    },
  };
}
