/**
 * The run's sending rate, shared by every call to one service (targets, retries and the polls of
 * `wait` draw on the same account budget). It finds and holds the rate the service accepts,
 * whatever shape its limiter has (token bucket, fixed or sliding window), with few wasted calls:
 *
 * - Until the service throttles, nothing is held back (`concurrency` bounds the run).
 * - A throttled answer opens an episode: sending holds while the calls already in flight answer
 *   (about one round trip). If a call sent after the throttled one was accepted, the limiter was
 *   not saturated (a transient 429, such as a few early ones): no cut. Otherwise the episode is one
 *   signal, whatever number of answers it throttled, and the limit becomes what the service
 *   accepted in the last window: at most that many sends in any window, evenly paced.
 * - Throttled answers to calls sent before the last decision are old news and change nothing.
 * - With nothing accepted at all, a throttle says nothing about the rate: sending pauses (growing
 *   pauses) instead of collapsing the rate.
 * - After a quiet spell the limit is probed upward, faster with every probe that succeeds (an
 *   account's quota may have been raised), and falls back to the accepted rate when a probe is
 *   throttled.
 * - `maxRate` is a hard cap the user sets (budget shared with other jobs or tools).
 *
 * Unlike AIMD per throttled answer (the AWS SDKs' adaptive mode, TCP's congestion avoidance), a fixed
 * window that throttles every answer until it resets costs one cut, not one per answer.
 * The clock and the sleep are injected: tests drive it on a fake clock.
 */

import { SendWindow, type SendTicket } from './send-window.js'

export type { SendTicket } from './send-window.js'

export interface RateControllerOptions {
  /** The window the limit counts in. Service limits are per second. */
  windowMs: number
  /** Never slower than this (requests a second), except while paused. */
  minRate: number
  /** The adaptive limit is paced this much below what was measured, for jitter. */
  margin: number
  /** Without a throttle for this long, the limit is probed upward. */
  quietMs: number
  /** An episode is decided after this long even if calls in flight have not answered. */
  episodeTimeoutMs: number
  /** A hard cap in requests a second (the `max-rate` input), or none. */
  maxRate?: number
}

export const DEFAULT_RATE_CONTROLLER_OPTIONS: RateControllerOptions = {
  windowMs: 1000,
  minRate: 0.5,
  margin: 0.03,
  quietMs: 3000,
  episodeTimeoutMs: 1000
}

/** What the controller tells its owner (for the log): throttling has begun. */
export interface RateControllerEvents {
  onThrottlingStarted?: () => void
}

interface Episode {
  trigger: number
  startedAt: number
  deadline: number
  waitingFor: Set<number>
  laterAccepted: boolean
}

const MAX_PAUSE_MS = 5000

export class RateController {
  private limit = Number.POSITIVE_INFINITY
  private readonly options: RateControllerOptions
  private readonly queue: ((ticket: SendTicket) => void)[] = []
  private readonly window: SendWindow
  private readonly accepts: number[] = []
  private episode: Episode | undefined
  /** Answers to calls sent before this were decided on already. */
  private decidedAt = Number.NEGATIVE_INFINITY
  /** When the limit last changed (a cut or a probe). */
  private changedAt = Number.NEGATIVE_INFINITY
  private pauseUntil = Number.NEGATIVE_INFINITY
  private pauses = 0
  private probes = 0
  private pumping = false
  private wake: (() => void) | undefined
  private throttledCount = 0
  private acceptedCount = 0
  private cutCount = 0
  /** The limit the last cut set: what the service was found to accept. */
  private settledLimit: number | undefined

  constructor(
    private readonly clock: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
    options: Partial<RateControllerOptions> = {},
    private readonly events: RateControllerEvents & { cancelled?: () => boolean } = {}
  ) {
    this.options = { ...DEFAULT_RATE_CONTROLLER_OPTIONS, ...options }
    this.window = new SendWindow(this.options.windowMs)
  }

  /** The requests a second in force: the adaptive limit under the cap (Infinity when neither applies). */
  get rate(): number {
    return Math.min(this.limit, this.options.maxRate ?? Number.POSITIVE_INFINITY)
  }

  /** How many answers were throttling answers. */
  get throttled(): number {
    return this.throttledCount
  }

  /** How many answers the service took (whatever they said, they were not about the rate). */
  get accepted(): number {
    return this.acceptedCount
  }

  /** How many times the limit was cut (one per episode of saturation). */
  get cuts(): number {
    return this.cutCount
  }

  /** Waits for the request's turn. */
  acquire(): Promise<SendTicket> {
    return new Promise((resolve) => {
      this.queue.push(resolve)
      void this.pump()
    })
  }

  /** The service took the request (whatever it answered, it was not about the rate). */
  onAccepted(ticket: SendTicket): void {
    const now = this.clock()
    this.acceptedCount++
    this.accepts.push(now)
    this.window.answered(ticket, now)
    this.pauses = 0
    const episode = this.episode
    if (episode) {
      episode.waitingFor.delete(ticket.seq)
      if (ticket.seq > episode.trigger) episode.laterAccepted = true
      if (episode.laterAccepted || episode.waitingFor.size === 0) this.decide(now)
      return
    }
    this.probeUpward(now)
  }

  /** The service throttled the request. */
  onThrottled(ticket: SendTicket): void {
    const now = this.clock()
    if (this.throttledCount++ === 0) this.events.onThrottlingStarted?.()
    this.window.answered(ticket, now)
    const episode = this.episode
    if (episode) {
      episode.waitingFor.delete(ticket.seq)
      if (episode.waitingFor.size === 0) this.decide(now)
      return
    }
    // Sent before the last decision: the same signal, already acted on.
    if (ticket.sentAt < this.decidedAt) return
    const waitingFor = this.window.inFlightAfter(ticket.seq)
    this.episode = {
      trigger: ticket.seq,
      startedAt: now,
      deadline: now + this.options.episodeTimeoutMs,
      waitingFor,
      laterAccepted: false
    }
    if (waitingFor.size === 0) this.decide(now)
  }

  /** The request got no answer (a timeout, a reset) or was never sent: it says nothing about the rate. */
  onUnanswered(ticket: SendTicket): void {
    this.window.unanswered(ticket)
    const episode = this.episode
    if (episode?.waitingFor.delete(ticket.seq) && episode.waitingFor.size === 0) this.decide(this.clock())
  }

  /** One line for the end of the run, when the service throttled it. */
  summary(): string {
    const answers = this.acceptedCount + this.throttledCount
    // The rate it settled at is the last cut's (the limit in force at the end may be a probe above it).
    const settled =
      this.settledLimit === undefined
        ? 'no lasting slowdown was needed'
        : `settled at ${Math.min(this.settledLimit, this.options.maxRate ?? Infinity).toFixed(1)} requests a second`
    return `${this.throttledCount} of ${answers} answers were throttled; ${settled}`
  }

  /** Ends an episode: no cut when the limiter was not saturated, a pause when nothing was accepted, else one cut. */
  private decide(now: number): void {
    const episode = this.episode
    if (!episode) return
    this.episode = undefined
    this.decidedAt = now
    if (!episode.laterAccepted) {
      // What the service accepted in the window up to the throttle, and since (the calls then in flight).
      const accepted = this.countSince(this.accepts, episode.startedAt - this.options.windowMs)
      if (accepted === 0) {
        this.pauseUntil = now + Math.min(MAX_PAUSE_MS, 250 * 2 ** this.pauses++)
      } else {
        const before = this.limit
        // Throttled while the service accepted as much as the limit: the limit itself is too high.
        const measured = accepted < before ? accepted : before * 0.7
        this.limit = Math.max(this.options.minRate, Math.min(before, measured))
        this.changedAt = now
        this.probes = 0
        this.cutCount++
        this.settledLimit = this.limit
      }
    }
    this.wake?.()
  }

  /** After a quiet spell, a little more; faster with each probe that went through. */
  private probeUpward(now: number): void {
    if (!Number.isFinite(this.limit) || now - this.changedAt < this.options.quietMs) return
    const cap = this.options.maxRate ?? Number.POSITIVE_INFINITY
    if (this.limit >= cap) return
    this.limit = Math.min(cap, this.limit + Math.max(1, Math.round(this.limit * 0.1)) * 2 ** this.probes++)
    this.changedAt = now
  }

  private countSince(times: number[], since: number): number {
    while (times.length > 0 && times[0]! <= since) times.shift()
    return times.length
  }

  /** The earliest moment the next request may go. */
  private nextAllowedAt(now: number): number {
    let at = Math.max(now, this.pauseUntil)
    if (this.episode) {
      if (now >= this.episode.deadline) this.decide(now)
      else at = Math.max(at, this.episode.deadline)
    }
    const adaptive = this.limit * (1 - this.options.margin)
    const cap = this.options.maxRate ?? Number.POSITIVE_INFINITY
    const rate = Math.min(adaptive, cap)
    if (!Number.isFinite(rate)) return at
    // At most this many at the service in any window, whatever has been sent already.
    const perWindow = Math.max(1, Math.floor(Math.min(this.limit, cap)))
    return this.window.nextSlot(now, at, rate, perWindow)
  }

  /** One loop lets requests go, in order, each when its turn comes. */
  private async pump(): Promise<void> {
    if (this.pumping) {
      this.wake?.()
      return
    }
    this.pumping = true
    try {
      while (this.queue.length > 0) {
        const now = this.clock()
        const at = this.events.cancelled?.() ? now : this.nextAllowedAt(now)
        if (at <= now) {
          this.queue.shift()!(this.window.issue(now))
          continue
        }
        await Promise.race([this.sleep(at - now), new Promise<void>((resolve) => (this.wake = resolve))])
        this.wake = undefined
      }
    } finally {
      this.pumping = false
    }
  }
}
