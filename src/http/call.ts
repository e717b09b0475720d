/**
 * What every client needs to make calls, and the one way calls are made: each attempt through the
 * run's rate controller, bounded by its timeout and by the caller's deadline, retried by the
 * policy, stopped by cancellation. Both providers' clients use it; only what they send and how
 * they read the answer differs.
 */
import type { AttemptResult, CallOutcome } from './attempt.js'
import type { Logger } from '../safety/logger.js'
import type { RateController } from './rate-controller.js'
import { logRetry, retryWithBackoff, type RetryPolicy } from './retry.js'
import type { HttpRequest, HttpResponse, SendOptions } from './send.js'

/** A client's view of the run: its clock, sleep, transport, rate controller and cancellation. */
export interface ClientDeps {
  logger: Logger
  /** Milliseconds since the epoch (injected: tests move it). */
  now: () => number
  /** Ends early when the run is cancelled. */
  sleep: (ms: number) => Promise<void>
  random: () => number
  send: (request: HttpRequest, options: SendOptions) => Promise<HttpResponse>
  /** Shared by every call to the same service (the account's budget). */
  limiter: RateController
  /** True once the run is cancelled: nothing new is sent. */
  cancelled: () => boolean
  /** Every known secret, in every form, taken out of a text: before any text from a service is shortened. */
  redact: (text: string) => string
  /** The run's: aborts the request in flight when the job is cancelled (after its grace). */
  signal?: AbortSignal
}

/** One call: how it is named in the log, its retry policy, its per-attempt timeout, and an optional deadline. */
export interface CallSpec {
  label: string
  policy: RetryPolicy
  timeoutMs: number
  /** A wait's end: no attempt runs past it (its timeout is cut to the time left), no retry starts too late. */
  deadlineAt?: number
}

/** Runs `attempt` (given its number and its timeout) with retries, as CallSpec says. */
export function callWithRetries<T>(
  attempt: (attemptNumber: number, timeoutMs: number) => Promise<AttemptResult<T>>,
  spec: CallSpec,
  deps: ClientDeps
): Promise<CallOutcome<T>> {
  const { deadlineAt } = spec
  const msLeft = deadlineAt === undefined ? undefined : () => deadlineAt - deps.now()
  return retryWithBackoff(
    (attemptNumber) => attempt(attemptNumber, Math.max(1, Math.min(spec.timeoutMs, msLeft?.() ?? Infinity))),
    spec.policy,
    {
      sleep: deps.sleep,
      random: deps.random,
      onRetry: logRetry(deps.logger, spec.label, spec.policy),
      cancelled: deps.cancelled,
      ...(msLeft ? { msLeft } : {})
    }
  )
}

/**
 * Sends, and once more when `again` says the answer can be fixed on our side (a clock corrected
 * from the service's Date header, an access token renewed): never more than twice.
 */
export async function sendAgainOnce<T>(
  send: () => Promise<T>,
  again: (first: T) => Promise<boolean> | boolean
): Promise<T> {
  const first = await send()
  return (await again(first)) ? send() : first
}

/**
 * What both providers' clients share: one call with retries over an attempt each client makes its
 * own way (signing, clock correction, token renewal), and what the domain code needs of the run
 * (the log, the clock, whether it is cancelled) without reaching into the client's deps.
 */
export abstract class ServiceClient<Call, Success> {
  constructor(
    private readonly limits: { timeoutMs: number; retry: RetryPolicy },
    protected readonly deps: ClientDeps
  ) {}

  /** One call with retries; with `deadlineAt` (a wait's end), no attempt runs past it. */
  call(call: Call, label: string, deadlineAt?: number): Promise<CallOutcome<Success>> {
    const { timeoutMs, retry } = this.limits
    return callWithRetries(
      (attempt, attemptTimeoutMs) => this.attempt(call, label, attempt, attemptTimeoutMs),
      { label, policy: retry, timeoutMs, ...(deadlineAt !== undefined ? { deadlineAt } : {}) },
      this.deps
    )
  }

  /** One attempt of a call, within `timeoutMs`. */
  protected abstract attempt(
    call: Call,
    label: string,
    attempt: number,
    timeoutMs: number
  ): Promise<AttemptResult<Success>>

  get logger(): Logger {
    return this.deps.logger
  }

  /** Milliseconds since the epoch, on the run's clock. */
  now(): number {
    return this.deps.now()
  }

  /** Waits on the run's sleep (ended early when the run is cancelled). */
  pause(ms: number): Promise<void> {
    return this.deps.sleep(ms)
  }

  /** True once the run is cancelled. */
  cancelled(): boolean {
    return this.deps.cancelled()
  }

  /** The service's rate controller, for the run's last word on throttling. */
  get limiter(): RateController {
    return this.deps.limiter
  }
}
