/**
 * The run's sending rate, shared by every request of a batch: unlimited until the service
 * throttles, then cut to a little below the rate it was accepting requests at, then grown back
 * slowly (additive increase, multiplicative decrease, as the AWS SDK's adaptive retry mode does).
 * So a throttled batch slows down as a whole instead of each request failing on its own.
 */

/** When a request was let go, so its answer can be related to the rate it was sent at. */
export interface SendTicket {
  sentAt: number
}

export interface RateLimiterOptions {
  /** Never slower than this (requests a second). */
  minRate: number
  /** After a throttle, the rate is this share of what was being accepted. */
  cutFactor: number
  /** How fast the rate grows back while nothing is throttled, in requests a second per second. */
  increasePerSecond: number
}

export const DEFAULT_RATE_LIMITER_OPTIONS: RateLimiterOptions = { minRate: 0.5, cutFactor: 0.9, increasePerSecond: 2 }

export class AdaptiveRateLimiter {
  private ratePerSecond = Number.POSITIVE_INFINITY
  private nextSlotAt = 0
  private lastCutAt = Number.NEGATIVE_INFINITY
  private readonly acceptedAt: number[] = []
  private throttledCount = 0

  constructor(
    private readonly clock: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly options: RateLimiterOptions = DEFAULT_RATE_LIMITER_OPTIONS
  ) {}

  /** Requests a second allowed now (Infinity until the first throttle). */
  get rate(): number {
    return this.ratePerSecond
  }

  /** How many answers were throttling answers. */
  get throttled(): number {
    return this.throttledCount
  }

  /** Waits for the request's turn. */
  async acquire(): Promise<SendTicket> {
    const now = this.clock()
    if (!Number.isFinite(this.ratePerSecond)) return { sentAt: now }
    const at = Math.max(now, this.nextSlotAt)
    this.nextSlotAt = at + 1000 / this.ratePerSecond
    if (at > now) await this.sleep(at - now)
    return { sentAt: at }
  }

  /** The service took the request (whatever it answered, it was not about the rate). */
  onAccepted(_ticket: SendTicket): void {
    const now = this.clock()
    this.acceptedAt.push(now)
    if (Number.isFinite(this.ratePerSecond)) {
      // +increasePerSecond per second at a steady rate: each of `rate` answers a second adds increase/rate.
      this.ratePerSecond += this.options.increasePerSecond / this.ratePerSecond
    }
  }

  /** The service throttled the request. */
  onThrottled(ticket: SendTicket): void {
    this.throttledCount++
    // Requests sent before the last cut were sent too fast already; they must not cut again.
    if (ticket.sentAt < this.lastCutAt) return
    const now = this.clock()
    while (this.acceptedAt.length > 0 && this.acceptedAt[0]! < now - 1000) this.acceptedAt.shift()
    const acceptedRate = this.acceptedAt.length
    this.ratePerSecond = Math.max(
      this.options.minRate,
      Math.min(this.ratePerSecond, acceptedRate) * this.options.cutFactor
    )
    this.lastCutAt = now
    this.nextSlotAt = now + 1000 / this.ratePerSecond
  }
}
