/** Thrown by WorkGate.tryRun() when every slot and every queue place is taken. */
export class GateBusyError extends Error {
  override name = "GateBusyError";
}

export interface WorkGateOptions {
  /** Tasks running at once. */
  concurrency: number;
  /** Tasks tryRun() lets wait for a slot; further ones are refused at once. */
  queue: number;
}

/**
 * A small semaphore for expensive work (password hashing). A flood must neither occupy every libuv
 * thread (REST, device logins and file I/O share that pool) nor pile up unbounded waiters, so callers
 * that serve unauthenticated traffic use tryRun() and turn GateBusyError into a quick "retry later".
 */
export class WorkGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly options: WorkGateOptions) {}

  /** Runs `task` when a slot is free; refuses with GateBusyError if the queue is full. */
  tryRun<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.options.concurrency && this.waiting.length >= this.options.queue) {
      return Promise.reject(new GateBusyError("too much work queued; retry later"));
    }
    return this.run(task);
  }

  /** Runs `task` when a slot is free, waiting as long as it takes (for authenticated callers). */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.options.concurrency) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays counted for it.
      if (next) next();
      else this.active -= 1;
    }
  }

  /** Running and waiting tasks, for tests and diagnostics. */
  get load(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }
}
