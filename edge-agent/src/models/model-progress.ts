export type BuildLog = (line: string) => void;

/** What preparing one model involves, as the progress line names it. */
export type ModelAction = "converting" | "copying and verifying";

const DONE: Record<ModelAction, string> = {
  converting: "converted",
  "copying and verifying": "copied and verified",
};

/**
 * Every progress line starts with this tag: `npm start`'s build step (deploy/demo/build-step.ts)
 * shows the lines that carry it while the rest of the build's output stays hidden.
 */
export const MODEL_LINE_TAG = "[models]";

export const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

const models = (n: number) => `${n} model${n === 1 ? "" : "s"}`;

export function seconds(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/**
 * The model build's progress for a person waiting on it: a line when a model's (slow) preparation
 * starts and one when it ends, with sizes and time; models that are already current only count
 * towards one closing line, so a build with nothing to do says one thing.
 */
export class ModelProgress {
  private prepared = 0;
  private current = 0;
  private readonly startedAt: number;

  constructor(
    private readonly log: BuildLog,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.startedAt = clock();
  }

  /** Announces the work on one model; the returned function reports it done with the output size. */
  begin(
    name: string,
    action: ModelAction,
    source: { label: string; bytes: number },
  ): (bytes: number) => void {
    const t0 = this.clock();
    this.log(`${MODEL_LINE_TAG} ${name}: ${action} ${source.label} (${megabytes(source.bytes)})…`);
    return (bytes) => {
      this.prepared += 1;
      const elapsed = seconds(this.clock() - t0);
      this.log(
        `${MODEL_LINE_TAG} ${name}: ${DONE[action]}, ${megabytes(source.bytes)} → ${megabytes(bytes)} in ${elapsed}`,
      );
    };
  }

  /** A model whose cached files match their sources and checksums. */
  upToDate(): void {
    this.current += 1;
  }

  get counts(): { prepared: number; current: number } {
    return { prepared: this.prepared, current: this.current };
  }

  /** The closing line, naming the folder the agent will read the models from. */
  finish(dir: string): void {
    const elapsed = seconds(this.clock() - this.startedAt);
    if (this.prepared === 0) {
      this.log(`${MODEL_LINE_TAG} ${models(this.current)} up to date in ${dir} (checked in ${elapsed})`);
      return;
    }
    const current = this.current > 0 ? `, ${this.current} already up to date` : "";
    this.log(`${MODEL_LINE_TAG} ${models(this.prepared)} prepared${current} in ${elapsed}: ${dir}`);
  }
}
