import type { SkippedCamera } from "@sitewatch/shared-protocol";
import type { AgentCamera } from "../agent-config/agent-config-schema.js";
import { CameraPipeline } from "../capture/index.js";
import type { EventFactory } from "../delivery/event-factory.js";
import type { LogLine } from "../logging/log-line.js";
import { type CaptureNeeds, type ImageEncoder, isRunnable, type RoleModule } from "../roles/role-module.js";
import { type RoleTable, roleProblem } from "../roles/role-table.js";
import { missingModels, type SharedModels } from "../roles/shared-models.js";
import { CameraWorker } from "./camera-worker.js";

export interface CameraRosterDeps {
  site: string;
  device: string;
  roles: RoleTable;
  models: Partial<SharedModels>;
  scoreThreshold: () => number;
  events: Pick<EventFactory, "emit">;
  /** How roles turn pixels into pictures for the hub (faces blurred in privacy mode). */
  encodeImage: ImageEncoder;
  log: LogLine;
  /** Files standing in for cameras play in real time (tests, the demo). */
  realtimeFiles?: boolean;
  /** Called with each new worker before it starts (the live views re-attach their sessions). */
  started: (camera: string) => void;
}

type Plan = { module: RoleModule; capture: CaptureNeeds } | { skipped: string };

/**
 * The cameras the agent runs: one worker for every enabled camera whose role this agent can run, and for
 * every other enabled camera the reason it is not analysed, which heartbeat, state file and log carry.
 */
export class CameraRoster {
  readonly workers = new Map<string, CameraWorker>();
  readonly skipped = new Map<string, SkippedCamera>();
  /** What a running worker was built for; a change of it needs a new worker, not a reconfigure. */
  private readonly built = new Map<string, string>();

  constructor(private readonly deps: CameraRosterDeps) {}

  /** Brings the running workers in line with `cameras`; unchanged capture keeps the worker's state. */
  apply(cameras: readonly AgentCamera[]): void {
    const wanted = new Map<string, { camera: AgentCamera; module: RoleModule; capture: CaptureNeeds }>();
    const skipped = new Map<string, SkippedCamera>();
    for (const camera of cameras) {
      if (!camera.enabled) continue;
      const plan = this.plan(camera);
      if ("skipped" in plan)
        skipped.set(camera.id, { camera: camera.id, role: camera.role, reason: plan.skipped });
      else wanted.set(camera.id, { camera, ...plan });
    }
    for (const [id, s] of skipped)
      if (this.skipped.get(id)?.reason !== s.reason)
        this.deps.log(`camera not analysed: ${s.reason}`, { level: "warn", camera: id, role: s.role });
    this.skipped.clear();
    for (const [id, s] of skipped) this.skipped.set(id, s);

    for (const [id, worker] of this.workers) {
      const want = wanted.get(id);
      if (want && this.built.get(id) === buildKey(want.camera, want.capture)) {
        worker.reconfigure(want.camera);
        wanted.delete(id);
      } else {
        this.workers.delete(id);
        this.built.delete(id);
        void worker.stop();
      }
    }
    for (const { camera, module, capture } of wanted.values()) {
      const worker = this.worker(camera, module, capture);
      this.workers.set(camera.id, worker);
      this.built.set(camera.id, buildKey(camera, capture));
      this.deps.started(camera.id);
      worker.start();
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.stop()));
    this.workers.clear();
    this.built.clear();
  }

  /** The role sections of the agent state file: `{ seats: { <camera>: [...] } }`. */
  roleSections(): Record<string, Record<string, unknown>> {
    const sections: Record<string, Record<string, unknown>> = {};
    for (const [id, worker] of this.workers)
      for (const [section, value] of Object.entries(worker.roleState()))
        sections[section] = { ...sections[section], [id]: value };
    return sections;
  }

  private plan(camera: AgentCamera): Plan {
    const entry = this.deps.roles[camera.role];
    if (!isRunnable(entry)) return { skipped: roleProblem(camera.role, this.deps.roles) ?? "" };
    const missing = missingModels(entry.models, this.deps.models);
    if (missing.length > 0)
      return {
        skipped: `the ${camera.role} role needs model ${missing.join(", ")}, which this agent has not loaded`,
      };
    return { module: entry, capture: entry.capture(camera) };
  }

  private worker(camera: AgentCamera, module: RoleModule, capture: CaptureNeeds): CameraWorker {
    const { deps } = this;
    const analyzer = module.create(camera, {
      models: deps.models as SharedModels,
      scoreThreshold: deps.scoreThreshold(),
      now: Date.now,
      encodeImage: deps.encodeImage,
    });
    return new CameraWorker({
      site: deps.site,
      device: deps.device,
      camera,
      analyzer,
      capture,
      events: deps.events,
      log: deps.log,
      pipeline: (handlers, intervalMs, needs) =>
        new CameraPipeline({
          camera: camera.id,
          url: camera.url,
          intervalMs,
          maxWidth: needs.maxWidth,
          keyframes: needs.keyframes,
          realtime: deps.realtimeFiles && !/^rtsps?:/.test(camera.url),
          onFrame: (frame) => handlers.onFrame(frame),
          onStatus: handlers.onStatus,
          onError: handlers.onError,
        }),
    });
  }
}

function buildKey(camera: AgentCamera, capture: CaptureNeeds): string {
  // The recorder taps the pipeline from its start, so a changed `record` option rebuilds the worker.
  return JSON.stringify([camera.role, camera.url, capture, camera.record ?? null]);
}
