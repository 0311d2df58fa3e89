import type { FocusAlert, FocusState, FocusSummary } from "@sitewatch/shared-protocol";
import { AnalysisFeed } from "../analysis/analysis-feed.js";
import type { Analysis } from "../analysis/analysis-protocol.js";
import type { FaceAnalyser } from "../analysis/face-analyser.js";
import { emptyStats, type FrameLoopStats } from "../analysis/frame-loop.js";
import type { FocusClient } from "./focus-client.js";
import type { FocusEnvironment } from "./focus-environment.js";

export type FocusPhase = "consent" | "starting" | "running" | "paused" | "ending" | "ended" | "error";

/** Everything the Focus page shows; replaced as a whole on every change. */
export interface FocusView {
  phase: FocusPhase;
  session?: string;
  cameraOn: boolean;
  state?: FocusState;
  /** The alert on screen; cleared when the learner dismisses it or is focused again. */
  alert?: FocusAlert;
  /** Alerts of this session, newest first. */
  alerts: FocusAlert[];
  summary?: FocusSummary;
  error?: string;
}

export interface FocusControllerDeps {
  client: FocusClient;
  env: FocusEnvironment;
  site: string;
  /** The learner's language, for the hub's alert texts and coaching. */
  language: () => string;
  video: () => HTMLVideoElement | null;
  onChange: (view: FocusView) => void;
  /** Whether an alert beeps; read at each alert, so the toggle applies at once. */
  soundOn: () => boolean;
}

const KEEP_ALERTS = 20;
// The "up to 30 analyses a second": a webcam's frame rate, and plenty for eye closures.
const MAX_RATE = 30;

/**
 * One learner's focus session: camera → analyser (worker) → `focus:sample` to the hub, and the
 * hub's `focus:state` / `focus:alert` back. Pausing turns the camera off, not just the analysis, so
 * the camera light tells the truth.
 */
export class FocusController {
  view: FocusView = { phase: "consent", cameraOn: false, alerts: [] };
  private stream: MediaStream | undefined;
  private analyser: FaceAnalyser | undefined;
  private feed: AnalysisFeed | undefined;
  private seq = 0;
  private readonly sound: ReturnType<FocusEnvironment["createSound"]>;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly deps: FocusControllerDeps) {
    this.sound = deps.env.createSound();
  }

  /** Analyses, main-thread and worker time of the current session. */
  get stats(): FrameLoopStats {
    return this.feed?.stats ?? emptyStats();
  }

  /** Called from the consent click: camera first (the permission prompt), then models, then session. */
  async start(): Promise<void> {
    this.sound.unlock();
    this.set({ phase: "starting", error: undefined, alerts: [], alert: undefined, state: undefined });
    try {
      await this.openCamera();
      const analyser = this.deps.env.createAnalyser();
      this.analyser = analyser;
      await analyser.start();
      this.listen();
      const started = await this.deps.client.start({
        site: this.deps.site,
        source: "browser",
        language: this.deps.language(),
      });
      this.seq = 0;
      const session = started.session;
      this.feed = new AnalysisFeed(analyser, {
        cameraFrames: (camera) => this.deps.env.cameraFrames(camera),
        grab: () => this.grab(),
        onAnalysis: (a) => this.send(session, a),
        onError: (err) => this.fail(err),
        maxRate: MAX_RATE,
      });
      this.set({ phase: "running", session });
      if (this.stream) this.feed.start(this.stream);
    } catch (err) {
      this.fail(err as Error);
    }
  }

  async pause(): Promise<void> {
    const session = this.view.session;
    if (this.view.phase !== "running" || !session) return;
    this.feed?.stop();
    this.closeCamera();
    this.set({ phase: "paused", alert: undefined });
    await this.deps.client.pause(session).catch((err: Error) => this.fail(err));
  }

  async resume(): Promise<void> {
    const session = this.view.session;
    if (this.view.phase !== "paused" || !session) return;
    try {
      await this.openCamera();
      await this.deps.client.resume(session);
      this.set({ phase: "running" });
      if (this.stream) this.feed?.start(this.stream);
    } catch (err) {
      this.fail(err as Error);
    }
  }

  async end(): Promise<void> {
    const session = this.view.session;
    if (!session || (this.view.phase !== "running" && this.view.phase !== "paused")) return;
    this.set({ phase: "ending", alert: undefined });
    this.release();
    try {
      const summary = await this.deps.client.end(session);
      this.set({ phase: "ended", summary });
    } catch (err) {
      this.fail(err as Error);
    }
  }

  /** Back to the consent screen (after an error or an ended session); returns the new view. */
  reset(): FocusView {
    this.release();
    this.feed = undefined;
    this.view = { phase: "consent", cameraOn: false, alerts: [] };
    return this.view;
  }

  /** From the click that turns sound on: browsers start audio only after a gesture. */
  unlockSound(): void {
    this.sound.unlock();
  }

  dismissAlert(): void {
    this.set({ alert: undefined });
  }

  /** The page unmounts: session ended, camera off, worker gone, listeners removed. */
  dispose(): void {
    const { session, phase } = this.view;
    // Leaving the page turns the camera off, so the session cannot go on measuring: end it now
    // rather than let the hub count the learner absent until its idle timeout.
    if (session && (phase === "running" || phase === "paused"))
      void this.deps.client.end(session).catch(() => undefined);
    this.release();
    this.sound.close();
  }

  private listen(): void {
    if (this.unsubscribe.length > 0) return;
    this.unsubscribe.push(
      this.deps.client.onState((state) => {
        if (state.session !== this.view.session) return;
        // One answer per sample (30/s): the page re-renders only when what it shows changed.
        const shown = this.view.state;
        if (
          shown?.state === state.state &&
          shown.blinks === state.blinks &&
          shown.calibrated === state.calibrated
        )
          return;
        const recovered = state.state === "focused" && this.view.alert !== undefined;
        this.set(recovered ? { state, alert: undefined } : { state });
      }),
      this.deps.client.onAlert((alert) => {
        if (alert.session !== this.view.session) return;
        if (this.deps.soundOn()) this.sound.beep();
        this.set({ alert, alerts: [alert, ...this.view.alerts].slice(0, KEEP_ALERTS) });
      }),
      this.deps.client.onEnded(({ summary }) => {
        if (summary.session !== this.view.session) return;
        this.release();
        this.set({ phase: "ended", summary, alert: undefined });
      }),
    );
  }

  private send(session: string, analysis: Analysis): void {
    this.deps.client.sample({ session, seq: this.seq++, at: analysis.at, face: analysis.face });
  }

  private async openCamera(): Promise<void> {
    this.stream = await this.deps.env.openCamera();
    const video = this.deps.video();
    if (video) await this.deps.env.showStream(video, this.stream);
    this.set({ cameraOn: true });
  }

  private grab(): Promise<ImageBitmap | null> {
    const video = this.deps.video();
    return video ? this.deps.env.grabFrame(video) : Promise.resolve(null);
  }

  private closeCamera(): void {
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = undefined;
    const video = this.deps.video();
    if (video) void this.deps.env.showStream(video, null);
    this.set({ cameraOn: false });
  }

  private release(): void {
    this.feed?.stop();
    this.closeCamera();
    this.analyser?.stop();
    this.analyser = undefined;
    for (const off of this.unsubscribe.splice(0)) off();
  }

  private fail(err: Error): void {
    const { session, phase } = this.view;
    // A session the page can no longer feed is ended, so it does not read as "absent" for hours.
    if (session && (phase === "running" || phase === "paused"))
      void this.deps.client.end(session).catch(() => undefined);
    this.release();
    this.set({ phase: "error", error: err.message || String(err) });
  }

  private set(patch: Partial<FocusView>): void {
    this.view = { ...this.view, ...patch };
    this.deps.onChange(this.view);
  }
}
