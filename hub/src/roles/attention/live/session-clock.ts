/**
 * The three clocks of a learner session. Samples carry capture times on the learner's clock; the
 * hub stores and shows times on its own (`skew`, taken from the first sample, maps one to the other);
 * the attention machine runs on "tracked" time, the learner's clock with the paused spans cut out, so
 * a pause neither counts as time in a state nor looks like a long absence when the session resumes.
 */
export class SessionClock {
  /** hub time = learner time + skew; unknown until the first sample. */
  private skew: number | undefined;
  private pausedTotal = 0;
  private pausedAt: number | undefined;
  /** From each resume on (tracked time, exclusive), learner time = tracked + offset. */
  private readonly resumes: { tracked: number; offset: number }[] = [];

  get paused(): boolean {
    return this.pausedAt !== undefined;
  }

  /** Paused time so far, including a pause still running at `now` (hub clock). */
  pausedMs(now: number): number {
    return this.pausedTotal + (this.pausedAt === undefined ? 0 : Math.max(0, now - this.pausedAt));
  }

  /** Learns the skew from the first sample (its network delay counts as skew: a few ms at most). */
  observe(learnerAt: number, receivedAt: number): void {
    this.skew ??= receivedAt - learnerAt;
  }

  /** How far a capture time lies ahead of the hub's clock once mapped (a jumping learner clock). */
  aheadBy(learnerAt: number, receivedAt: number): number {
    return this.skew === undefined ? 0 : learnerAt + this.skew - receivedAt;
  }

  toTracked(learnerAt: number): number {
    return learnerAt - this.pausedTotal;
  }

  toLearner(tracked: number): number {
    let offset = 0;
    for (const r of this.resumes) {
      if (tracked > r.tracked) offset = r.offset;
      else break;
    }
    return tracked + offset;
  }

  toHub(learnerAt: number): number {
    return learnerAt + (this.skew ?? 0);
  }

  /** Tracked time → hub time. */
  hubOf(tracked: number): number {
    return this.toHub(this.toLearner(tracked));
  }

  pause(now: number): void {
    this.pausedAt ??= now;
  }

  /** `lastTracked`: the tracked time of the last sample before the pause. */
  resume(now: number, lastTracked: number): void {
    if (this.pausedAt === undefined) return;
    this.pausedTotal += Math.max(0, now - this.pausedAt);
    this.pausedAt = undefined;
    this.resumes.push({ tracked: lastTracked, offset: this.pausedTotal });
  }
}
