import type { AgentConfig } from "../agent-config/agent-config-schema.js";
import { writeAgentState } from "../agent-config/agent-state.js";
import { configIdentity } from "../agent-config/config-digest.js";
import { applyConfigPush } from "../agent-config/config-push.js";
import type { Delivery } from "../delivery/delivery.js";
import type { LogLine } from "../logging/log-line.js";
import { productVersion } from "../package-version.js";
import { createFaceBlurrer, type FaceBlurrer } from "../privacy/index.js";
import { LiveHls } from "../roles/archive/live-hls/live-hls.js";
import { SegmentUploads } from "../roles/archive/playback/segment-uploads.js";
import { ArchiveRecording } from "../roles/archive/recording/archive-recording.js";
import { modelsFor, type RoleTable, roleTable } from "../roles/role-table.js";
import {
  closeSharedModels,
  type ModelName,
  missingModels,
  pickModels,
  type SharedModels,
} from "../roles/shared-models.js";
import { CameraRoster } from "./camera-roster.js";
import type { CameraWorker } from "./camera-worker.js";
import { LiveViews } from "./live-view.js";
import { imageEncoder } from "./outgoing-image.js";
import { processFigures } from "./process-figures.js";
import { createSnapshotHandler } from "./snapshot-handler.js";

/** The shared models (`detector`, …) come loaded: each is used by every camera whose role needs it. */
export interface AgentDeps extends Partial<SharedModels> {
  config: AgentConfig;
  /** Where the agent keeps its state file (agent-state.json). */
  dataDir: string;
  delivery: Delivery;
  /** The device's MQTT credentials, also its HTTP Basic login for uploads to the hub (live HLS, playback). */
  credentials?: { username: string; password: string };
  /** Persists a configuration the hub pushed. */
  saveConfig: (config: AgentConfig) => Promise<unknown>;
  log: LogLine;
  healthEveryMs?: number;
  /** Files standing in for cameras play in real time (tests, the demo). */
  realtimeFiles?: boolean;
  /** The roles this agent runs; default role-table.ts (tests add a role of their own). */
  roles?: RoleTable;
  /**
   * Loads models a config push needs that the agent was started without (the first gate camera of a
   * seats device needs OCR). Without it such a camera is reported as not analysed until a restart.
   */
  loadModels?: (names: readonly ModelName[]) => Promise<Partial<SharedModels>>;
}

export interface Agent {
  start(): void;
  stop(): Promise<void>;
  readonly cameras: ReadonlyMap<string, CameraWorker>;
  /** Enabled cameras that are not analysed (a role this agent cannot run), with the reason. */
  readonly skipped: CameraRoster["skipped"];
}

/**
 * The composition root of `edge-agent run`: one isolated worker per enabled camera whose role the role
 * table can run, sharing the models and the delivery (outbox + MQTT); a heartbeat; hub commands applied
 * and acknowledged. It knows no role by name.
 */
export function createAgent(deps: AgentDeps): Agent {
  const { delivery, log } = deps;
  const address = { site: deps.config.device.site, device: deps.config.device.id };
  const roles = deps.roles ?? roleTable;
  // Shared with the roster by reference: models a push needs are added to this same object.
  const models = pickModels(deps);
  let config = deps.config;
  let timer: NodeJS.Timeout | undefined;
  const figures = processFigures();
  let stateError: string | undefined;
  const identity = configIdentity(productVersion());
  const archive = new ArchiveRecording({ dataDir: deps.dataDir, log });
  const hub = deps.credentials && { url: deps.config.hub.url, ...deps.credentials };
  const roster = new CameraRoster({
    ...address,
    roles,
    models,
    scoreThreshold: () => config.detector.scoreThreshold,
    events: delivery.events,
    encodeImage: imageEncoder(() => (config.privacy.blurFaces ? loadBlurrer : undefined)),
    log,
    realtimeFiles: deps.realtimeFiles,
    started: (camera) => {
      live.apply(camera);
      hls.apply(camera);
      record(camera);
    },
  });
  const cameras = roster.workers;

  /** Cameras whose `record` option is on record their video into `<dataDir>/archive/<camera>/`. */
  function record(id: string): void {
    const worker = cameras.get(id);
    const camera = config.cameras.find((c) => c.id === id);
    if (!worker || !camera) return;
    const recorder = archive.recorderFor(camera, (segment) => worker.segmentReady(segment));
    if (recorder) worker.record(recorder);
  }

  function heartbeat(): void {
    const now = Date.now();
    const skipped = [...roster.skipped.values()];
    delivery.events.emit("health", address, {
      ...identity(config),
      ...figures(),
      ...delivery.health(),
      cameras: [...cameras.values()].map((w) => w.health()),
      ...(skipped.length > 0 ? { skippedCameras: skipped } : {}),
    });
    const { outboxDepth, outboxDropped, storage } = delivery.health();
    const notAnalysed = skipped.map((s) => [s.camera, { status: "not analysed", error: s.reason }]);
    void writeAgentState(deps.dataDir, {
      updatedAt: now,
      pid: process.pid,
      mqtt: { connected: delivery.publisher.connected },
      queue: { pending: outboxDepth, dropped: outboxDropped },
      storage,
      cameras: Object.fromEntries([...[...cameras].map(([id, w]) => [id, w.state()]), ...notAnalysed]),
      ...roster.roleSections(),
      ...archive.stateSection(),
      liveHls: hls.stats(),
      segmentUploads: uploads.stats(),
    }).then(
      () => {
        stateError = undefined;
      },
      (err: Error) => {
        // Once per cause: on a full disk this fails every heartbeat, and the outbox already said why.
        if (err.message !== stateError)
          log(`cannot write the agent state: ${err.message}`, { level: "warn" });
        stateError = err.message;
      },
    );
  }

  // A broker that restarted lost its retained copies, and an outbox at its bounds dropped events while
  // the device was away: every camera restates its role's state, behind the backlog. The first connect
  // needs none, each worker restated as it started.
  delivery.publisher.onConnect((connects) => {
    if (connects > 1) for (const worker of cameras.values()) worker.restate();
  });
  delivery.commands.on("configPush", async (push) => {
    const result = applyConfigPush(config, push);
    if (!result.applied) return { applied: false, reason: result.reason };
    await deps.saveConfig(result.config);
    config = result.config;
    await loadMissingModels(config);
    roster.apply(config.cameras);
    archive.retain(new Set(cameras.keys()));
    return { applied: true, revision: push.revision, cameras: cameras.size };
  });
  // One load at a time, so two quick pushes never load (and leak) the same model twice.
  let loading = Promise.resolve();
  function loadMissingModels(next: AgentConfig): Promise<void> {
    loading = loading.then(async () => {
      const missing = missingModels(modelsFor(next.cameras, roles), models);
      if (missing.length === 0 || !deps.loadModels) return;
      try {
        Object.assign(models, await deps.loadModels(missing));
        log(`loaded model ${missing.join(", ")} for the pushed cameras`);
      } catch (err) {
        log(`cannot load model ${missing.join(", ")}: ${(err as Error).message}`, { level: "error" });
      }
    });
    return loading;
  }

  delivery.commands.on("restartPipeline", (cmd) => {
    const targets = cmd.camera ? [cameras.get(cmd.camera)] : [...cameras.values()];
    if (targets.some((w) => !w)) throw new Error(`no running camera ${cmd.camera}`);
    for (const w of targets) w?.restart("restart requested by the hub");
    return { restarted: targets.length };
  });
  // The face model is loaded when the first picture is requested, then kept for the next ones.
  let blurrer: Promise<FaceBlurrer> | undefined;
  const loadBlurrer = () => {
    if (!blurrer) {
      blurrer = createFaceBlurrer({ threads: 1 });
      blurrer.catch(() => {
        blurrer = undefined; // a model that failed to load is retried on the next request
      });
    }
    return blurrer;
  };
  delivery.commands.on(
    "snapshotRequest",
    createSnapshotHandler({
      ...address,
      cameras,
      events: delivery.events,
      blurFaces: () => config.privacy.blurFaces,
      blurrer: loadBlurrer,
    }),
  );
  const live = new LiveViews({
    ...address,
    cameras,
    events: delivery.events,
    connected: () => delivery.publisher.connected,
    blurrer: () => (config.privacy.blurFaces ? loadBlurrer : undefined),
  });
  // The camera's own video as HLS segments uploaded to the hub, or annotated JPEG frames over MQTT; a
  // session id that changes format ends its other kind.
  const hls = new LiveHls({ cameras, hub, log });
  delivery.commands.on("liveStart", (cmd) => {
    if (cmd.format === "hls") {
      live.stop(cmd);
      return hls.start(cmd);
    }
    hls.stop(cmd);
    return live.start(cmd);
  });
  delivery.commands.on("liveStop", (cmd) => ({
    session: cmd.session,
    stopped: [hls.stop(cmd), live.stop(cmd)].some((r) => r.stopped),
  }));
  const uploads = new SegmentUploads({ archiveDir: archive.dir, hub, log });
  delivery.commands.on("segmentUpload", (cmd) => uploads.handle(cmd));

  return {
    cameras,
    skipped: roster.skipped,
    start() {
      delivery.start();
      roster.apply(config.cameras);
      timer = setInterval(heartbeat, deps.healthEveryMs ?? 30_000);
      timer.unref();
      const skipped = roster.skipped.size > 0 ? `, ${roster.skipped.size} not analysed` : "";
      log(`agent running: ${cameras.size} camera(s)${skipped}`, { version: identity(config).agentVersion });
    },
    async stop() {
      if (timer) clearInterval(timer);
      live.close();
      await Promise.all([hls.close(), uploads.close()]);
      // A push still loading models applies its cameras first, so stopping the roster stops them too.
      await loading;
      await roster.stop();
      await delivery.close();
      await closeSharedModels(models);
      await blurrer?.then((b) => b.close()).catch(() => undefined);
    },
  };
}
