import { join } from "node:path";
import type { CameraBase } from "../../../agent-config/camera-base.js";
import { CameraRecorder, type ClosedSegment } from "./camera-recorder.js";
import type { RecorderStats } from "./recorder-status.js";

/** The agent's archive directory inside its data dir; each camera records into a folder of its own. */
export const ARCHIVE_DIR = "archive";

export interface ArchiveRecordingDeps {
  dataDir: string;
  log: (message: string) => void;
  now?: () => number;
}

/**
 * The agent-wide side of recording: where each camera's archive lives, a recorder for every camera whose
 * `record` option is enabled, and what they did for the state file. Recording is a per-camera option, not
 * a role, so a seats, gate or attention camera can equally be recorded.
 */
export class ArchiveRecording {
  private readonly recorders = new Map<string, CameraRecorder>();

  constructor(private readonly deps: ArchiveRecordingDeps) {}

  get dir(): string {
    return join(this.deps.dataDir, ARCHIVE_DIR);
  }

  /**
   * A started recorder for the camera, or undefined when it is not to be recorded. A camera that gets a
   * new recorder (its worker was rebuilt) replaces the old one, which its old worker stops.
   */
  recorderFor(camera: CameraBase, onSegment: (segment: ClosedSegment) => void): CameraRecorder | undefined {
    const record = camera.record;
    const previous = this.recorders.get(camera.id);
    if (!record?.enabled) {
      this.recorders.delete(camera.id);
      return undefined;
    }
    const recorder = new CameraRecorder({
      camera: camera.id,
      dir: join(this.dir, camera.id),
      settings: {
        segmentSeconds: record.segmentSeconds,
        retentionDays: record.retentionDays,
        maxGiB: record.maxGiB,
      },
      onSegment,
      log: this.deps.log,
      now: this.deps.now,
      after: previous?.stopped,
    });
    this.recorders.set(camera.id, recorder);
    return recorder;
  }

  /** Forgets cameras that are no longer running. */
  retain(running: ReadonlySet<string>): void {
    for (const id of this.recorders.keys()) if (!running.has(id)) this.recorders.delete(id);
  }

  /** The `recording` section of the agent state file: what each recorded camera has done. */
  stateSection(): { recording?: Record<string, RecorderStats> } {
    if (this.recorders.size === 0) return {};
    return { recording: Object.fromEntries([...this.recorders].map(([id, r]) => [id, { ...r.stats }])) };
  }
}
