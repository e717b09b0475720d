/**
 * The retry policy, in one place: which failures are worth another attempt, how long to wait
 * (capped exponential backoff with full jitter, honouring Retry-After), and when to stop.
 * Sleep and randomness are injected so tests run instantly and deterministically.
 */

/** transient: retry may help; throttled: retry after slowing down; permanent: never retry. */
export type Transience = 'transient' | 'throttled' | 'permanent'

/** One failed attempt, as a provider describes it. */
export interface AttemptFailure {
  /** The service's error code, or one of flow-ops' transport codes (RequestTimeout, NetworkError, …). */
  code: string
  message: string
  httpStatus?: number
  requestId?: string
  transience: Transience
  /** The request may have reached the service and taken effect (the answer was lost, or a 5xx). */
  mayHaveLanded: boolean
  /** From a Retry-After header. */
  retryAfterMs?: number
}

export type AttemptResult<T> = { ok: true; value: T } | { ok: false; failure: AttemptFailure }

export interface RetryOutcome<T> {
  result: AttemptResult<T>
  attempts: number
  /** Some earlier, failed attempt may have taken effect: a later "not found" is then our own doing. */
  earlierAttemptMayHaveLanded: boolean
  /** The run was cancelled before the call could finish: `result` is the last attempt's failure. */
  interrupted: boolean
}

export interface RetryPolicy {
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
}

export interface RetryHooks {
  sleep: (ms: number) => Promise<void>
  random: () => number
  /**
   * Before each retry. `attempt` counts every attempt so far; `failures` counts those of the same
   * kind as this one (throttled, or not), which is what max-attempts and the throttle budget count.
   */
  onRetry?: (info: { attempt: number; failure: AttemptFailure; delayMs: number; failures: number }) => void
  /** True once the run is cancelled: no further attempt starts. */
  cancelled?: () => boolean
  /** Milliseconds left before the caller's deadline (a wait's timeout): no retry that would end past it. */
  msLeft?: () => number
}

/** The backoff timing an operation is given (the defaults below; tests shorten them). */
export interface RetryDelays {
  retryBaseDelayMs: number
  retryMaxDelayMs: number
}

export function retryPolicy(maxAttempts: number, delays: RetryDelays): RetryPolicy {
  return { maxAttempts, baseDelayMs: delays.retryBaseDelayMs, maxDelayMs: delays.retryMaxDelayMs }
}

/** The line logged before each retry: what failed, and how long until the next attempt. */
/**
 * The line logged before each retry. Failures count against max-attempts and are logged; throttled
 * answers have their own budget, are paced by the run's rate controller (which logs when throttling
 * starts and, at the end, how much there was) and are logged for debugging only.
 */
export function logRetry(
  logger: { info: (message: string) => void; debug: (message: string) => void },
  label: string,
  policy: RetryPolicy
): NonNullable<RetryHooks['onRetry']> {
  return ({ failure, delayMs, failures }) => {
    const what = `${failure.code}${failure.httpStatus ? `, HTTP ${failure.httpStatus}` : ''}: ${failure.message}`
    if (failure.transience === 'throttled') {
      logger.debug(
        `${label}: throttled (${what}); sending again when the run's rate allows (throttled answer ${failures} of at most ${MAX_THROTTLED_RETRIES + 1})`
      )
    } else {
      logger.info(
        `${label}: attempt ${failures} of ${policy.maxAttempts} failed (${what}); retrying in ${(delayMs / 1000).toFixed(1)} s`
      )
    }
  }
}

export const DEFAULT_BASE_DELAY_MS = 1_000
export const DEFAULT_MAX_DELAY_MS = 20_000
/** A Retry-After longer than this is cut short: a teardown step should not sit idle for an hour. */
export const MAX_RETRY_AFTER_MS = 60_000

/** Full jitter: uniform in [0, min(cap, base × 2^(retry-1))). `retry` counts from 1. */
export function backoffDelayMs(
  retry: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1))
  return Math.floor(random() * ceiling)
}

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000
  // HTTP dates end in GMT; Date.parse alone would take "-1" for the year -1.
  const date = /GMT$/.test(trimmed) ? Date.parse(trimmed) : NaN
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - nowMs)
}

/** The wait before retry number `retry`: the jittered backoff, but never less than Retry-After. */
export function delayBeforeRetryMs(
  retry: number,
  failure: AttemptFailure,
  policy: RetryPolicy,
  random: () => number
): number {
  const backoff = backoffDelayMs(retry, policy, random)
  if (failure.retryAfterMs === undefined) return backoff
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(backoff, failure.retryAfterMs))
}

/**
 * Throttled attempts do not use up max-attempts (the run's rate limiter slows down for them
 * instead); they have this budget of their own. max-attempts 1 still turns every retry off.
 */
export const MAX_THROTTLED_RETRIES = 10

export async function retryWithBackoff<T>(
  attempt: (attemptNumber: number) => Promise<AttemptResult<T>>,
  policy: RetryPolicy,
  hooks: RetryHooks
): Promise<RetryOutcome<T>> {
  let earlierAttemptMayHaveLanded = false
  let transientFailures = 0
  let throttledFailures = 0
  for (let attemptNumber = 1; ; attemptNumber++) {
    const result = await attempt(attemptNumber)
    const outcome = (interrupted = false): RetryOutcome<T> => ({
      result,
      attempts: attemptNumber,
      earlierAttemptMayHaveLanded,
      interrupted
    })
    if (result.ok || result.failure.transience === 'permanent') return outcome(result.ok ? false : isCancelled(result))
    const throttled = result.failure.transience === 'throttled'
    if (throttled) throttledFailures++
    else transientFailures++
    const exhausted =
      policy.maxAttempts <= 1 ||
      (throttled ? throttledFailures > MAX_THROTTLED_RETRIES : transientFailures >= policy.maxAttempts)
    if (exhausted) return outcome()
    // A throttled call waits for its turn at the run's rate controller, which paces the whole run;
    // its own wait is only what the service asked for (Retry-After).
    const delayMs = throttled
      ? Math.min(MAX_RETRY_AFTER_MS, result.failure.retryAfterMs ?? 0)
      : delayBeforeRetryMs(transientFailures, result.failure, policy, hooks.random)
    if (hooks.msLeft && delayMs >= hooks.msLeft()) return outcome()
    if (hooks.cancelled?.()) return outcome(true)
    hooks.onRetry?.({
      attempt: attemptNumber,
      failure: result.failure,
      delayMs,
      failures: throttled ? throttledFailures : transientFailures
    })
    earlierAttemptMayHaveLanded ||= result.failure.mayHaveLanded
    await hooks.sleep(delayMs)
    if (hooks.cancelled?.()) return outcome(true)
  }
}

/** The code of an attempt that was not sent because the run was being cancelled. */
export const RUN_CANCELLED = 'RunCancelled'

/** An attempt that was not sent because the run was being cancelled: nothing reached the service. */
export function cancelledAttempt(): AttemptResult<never> {
  return {
    ok: false,
    failure: {
      code: RUN_CANCELLED,
      message: 'not sent: the run was cancelled',
      transience: 'permanent',
      mayHaveLanded: false
    }
  }
}

function isCancelled(result: AttemptResult<unknown>): boolean {
  return !result.ok && result.failure.code === RUN_CANCELLED
}
