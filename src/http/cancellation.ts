/**
 * The run being cancelled (the runner sends SIGINT, then SIGTERM, then kills the process): once
 * requested, nothing new starts (no target, no attempt, no poll) and every wait ends early, so
 * that what is in flight can finish within a short grace and the report can tell the truth.
 */
export class Cancellation {
  private requestedReason: string | undefined
  private readonly waiters = new Set<() => void>()

  /** Why the run is being cancelled (the signal's name), once it is. */
  get reason(): string | undefined {
    return this.requestedReason
  }

  get requested(): boolean {
    return this.requestedReason !== undefined
  }

  /** Asks the run to stop; later requests change nothing. */
  request(reason: string): void {
    if (this.requestedReason !== undefined) return
    this.requestedReason = reason
    for (const wake of this.waiters) wake()
    this.waiters.clear()
  }

  /** Resolves when cancellation is requested (at once if it has been). */
  whenRequested(): Promise<void> {
    if (this.requested) return Promise.resolve()
    return new Promise((resolve) => this.waiters.add(resolve))
  }

  /**
   * A sleep that ends early when cancellation is requested. `sleep` is the clock's own (tests
   * inject one that returns at once).
   */
  sleeper(sleep: (ms: number) => Promise<void>): (ms: number) => Promise<void> {
    return (ms) => (this.requested ? Promise.resolve() : Promise.race([sleep(ms), this.whenRequested()]))
  }

  /**
   * A real sleep that ends early when cancellation is requested, its timer cleared then, and
   * forgotten once over (a run sleeps thousands of times between pacing and retries). Its timer
   * keeps the process alive: a run that is waiting is not done.
   */
  sleep(ms: number): Promise<void> {
    if (this.requested) return Promise.resolve()
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer)
        this.waiters.delete(wake)
        resolve()
      }
      const timer = setTimeout(wake, ms)
      this.waiters.add(wake)
    })
  }
}

/** A real sleep that nothing cuts short. */
export function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
