/**
 * The run being cancelled (the runner sends SIGINT, then SIGTERM, then kills the process). Once
 * requested, nothing new starts (no target, no attempt, no poll) and every sleep and wait ends at
 * once; requests still in flight get a short grace to finish (a delete that lands is reported as
 * done, not as unknown), and then the one AbortSignal every request carries aborts them. The run
 * then ends because its work is done: the report is written, and nothing is left to wait for.
 */

/** How long requests in flight may take to finish once the run is cancelled, before they are aborted. */
export const CANCEL_GRACE_MS = 500

/** Why a run stopped itself (not the runner's cancel): what failed, as the run's failure says it. */
export interface Halt {
  action: string
  code: string
  message: string
  hint?: string
}

export class Cancellation {
  private readonly requestedBy = new AbortController()
  private readonly inFlight = new AbortController()
  private haltedWith: Halt | undefined

  constructor(private readonly graceMs = CANCEL_GRACE_MS) {}

  /** Why the run is being cancelled (the signal's name), once it is; undefined when it halted itself. */
  get reason(): string | undefined {
    return this.requested && !this.haltedWith ? String(this.requestedBy.signal.reason) : undefined
  }

  /** What stopped the run, when it stopped itself. */
  get halted(): Halt | undefined {
    return this.haltedWith
  }

  /**
   * The run stops itself: nothing new starts (no target, no attempt), as on a cancel, but what is in
   * flight finishes (it is not aborted), and the run ends failed with `halt`.
   */
  halt(halt: Halt): void {
    if (this.requested) return
    this.haltedWith = halt
    this.requestedBy.abort('halted')
  }

  get requested(): boolean {
    return this.requestedBy.signal.aborted
  }

  /** Aborted when the grace after the request is over: every request carries it. */
  get signal(): AbortSignal {
    return this.inFlight.signal
  }

  /** Asks the run to stop; later requests change nothing. */
  request(reason: string): void {
    if (this.requested) return
    this.requestedBy.abort(reason)
    // Unreferenced: with nothing in flight the run is over before the grace is, and need not wait for it.
    setTimeout(() => this.inFlight.abort(reason), this.graceMs).unref()
  }

  /**
   * A real sleep that ends at once when cancellation is requested, its timer cleared then, and
   * its listener removed once over (a run sleeps thousands of times between pacing and retries).
   * Its timer keeps the process alive: a run that is waiting is not done.
   */
  sleep(ms: number): Promise<void> {
    const { signal } = this.requestedBy
    if (signal.aborted) return Promise.resolve()
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer)
        signal.removeEventListener('abort', wake)
        resolve()
      }
      const timer = setTimeout(wake, ms)
      signal.addEventListener('abort', wake, { once: true })
    })
  }
}

/** A real sleep that nothing cuts short. */
export function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
