import { cpuUsage, memoryUsage, uptime } from "node:process";
import type { AgentCamera, AgentConfig } from "../agent-config/agent-config-schema.js";
import { writeAgentState } from "../agent-config/agent-state.js";
import { applyConfigPush } from "../agent-config/config-push.js";
import { CameraPipeline } from "../capture/index.js";
import type { Delivery } from "../delivery/delivery.js";
import { createFaceBlurrer, type FaceBlurrer } from "../privacy/index.js";
import type { Detector } from "../vision/detect/detector.js";
import { CameraWorker } from "./camera-worker.js";
import { LiveViews } from "./live-view.js";
import { createSnapshotHandler } from "./snapshot-handler.js";

export interface AgentDeps {
  config: AgentConfig;
  /** Where the agent keeps its state file (agent-state.json). */
  dataDir: string;
  detector: Detector;
  delivery: Delivery;
  /** Persists a configuration the hub pushed. */
  saveConfig: (config: AgentConfig) => Promise<unknown>;
  log: (message: string) => void;
  healthEveryMs?: number;
  /** Files standing in for cameras play in real time (tests, the demo). */
  realtimeFiles?: boolean;
}

export interface Agent {
  start(): void;
  stop(): Promise<void>;
  readonly cameras: ReadonlyMap<string, CameraWorker>;
}

/**
 * The composition root of `edge-agent run`: one isolated worker per enabled seats camera, sharing the
 * detector and the delivery (outbox + MQTT); a heartbeat; hub commands applied and acknowledged.
 */
export function createAgent(deps: AgentDeps): Agent {
  const { delivery, log } = deps;
  const address = { site: deps.config.device.site, device: deps.config.device.id };
  const cameras = new Map<string, CameraWorker>();
  let config = deps.config;
  let timer: NodeJS.Timeout | undefined;
  let lastCpu = cpuUsage();
  let lastAt = Date.now();
  let stateError: string | undefined;

  const worker = (camera: AgentCamera) =>
    new CameraWorker({
      ...address,
      camera,
      detector: deps.detector,
      events: delivery.events,
      scoreThreshold: config.detector.scoreThreshold,
      log,
      pipeline: (handlers, intervalMs) =>
        new CameraPipeline({
          camera: camera.id,
          url: camera.url,
          intervalMs,
          maxWidth: camera.maxWidth,
          realtime: deps.realtimeFiles && !/^rtsps?:/.test(camera.url),
          onFrame: (frame) => handlers.onFrame(frame),
          onStatus: handlers.onStatus,
          onError: handlers.onError,
        }),
    });

  function runCameras(next: AgentConfig): void {
    const wanted = new Map(next.cameras.filter((c) => c.enabled && c.role === "seats").map((c) => [c.id, c]));
    for (const [id, w] of cameras) {
      const camera = wanted.get(id);
      const before = config.cameras.find((c) => c.id === id);
      if (camera && before?.url === camera.url && before.intervalMs === camera.intervalMs) {
        w.reconfigure(camera);
        wanted.delete(id);
      } else {
        cameras.delete(id);
        void w.stop();
      }
    }
    for (const camera of wanted.values()) {
      const w = worker(camera);
      cameras.set(camera.id, w);
      live.apply(camera.id);
      w.start();
    }
  }

  function heartbeat(): void {
    const now = Date.now();
    const cpu = cpuUsage(lastCpu);
    const cpuPct = ((cpu.user + cpu.system) / 1000 / Math.max(1, now - lastAt)) * 100;
    lastCpu = cpuUsage();
    lastAt = now;
    delivery.events.emit("health", address, {
      uptimeS: Math.floor(uptime()),
      cpuPct: Math.min(25_600, cpuPct),
      memRssMb: memoryUsage().rss / 2 ** 20,
      ...delivery.health(),
      cameras: [...cameras.values()].map((w) => w.health()),
    });
    const { outboxDepth, outboxDropped, storage } = delivery.health();
    void writeAgentState(deps.dataDir, {
      updatedAt: now,
      pid: process.pid,
      mqtt: { connected: delivery.publisher.connected },
      queue: { pending: outboxDepth, dropped: outboxDropped },
      storage,
      cameras: Object.fromEntries([...cameras].map(([id, w]) => [id, w.state()])),
      seats: Object.fromEntries([...cameras].map(([id, w]) => [id, w.seats()])),
    }).then(
      () => {
        stateError = undefined;
      },
      (err: Error) => {
        // Once per cause: on a full disk this fails every heartbeat, and the outbox already said why.
        if (err.message !== stateError) log(`cannot write the agent state: ${err.message}`);
        stateError = err.message;
      },
    );
  }

  delivery.commands.on("configPush", async (push) => {
    const result = applyConfigPush(config, push);
    if (!result.applied) return { applied: false, reason: result.reason };
    await deps.saveConfig(result.config);
    runCameras(result.config);
    config = result.config;
    return { applied: true, revision: push.revision, cameras: cameras.size };
  });
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
  delivery.commands.on("liveStart", (cmd) => live.start(cmd));
  delivery.commands.on("liveStop", (cmd) => live.stop(cmd));

  return {
    cameras,
    start() {
      delivery.start();
      runCameras(config);
      timer = setInterval(heartbeat, deps.healthEveryMs ?? 30_000);
      timer.unref();
      log(`agent running: ${cameras.size} camera(s), device ${address.site}/${address.device}`);
    },
    async stop() {
      if (timer) clearInterval(timer);
      live.close();
      await Promise.all([...cameras.values()].map((w) => w.stop()));
      cameras.clear();
      await delivery.close();
      await deps.detector.close();
      await blurrer?.then((b) => b.close()).catch(() => undefined);
    },
  };
}
