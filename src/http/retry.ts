/**
 * The retry policy, in one place: which failures are worth another attempt, how long to wait
 * (capped exponential backoff with full jitter, honouring Retry-After), and when to stop.
 * Sleep and randomness are injected so tests run instantly and deterministically.
 */
import { RUN_CANCELLED, type AttemptFailure, type AttemptResult, type CallOutcome } from './attempt.js'

export interface RetryPolicy {
  /** Attempts per call, including the first; throttled attempts aside. */
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_BASE_DELAY_MS = 1_000
export const DEFAULT_MAX_DELAY_MS = 20_000
/** A Retry-After longer than this is cut short: a teardown step should not sit idle for an hour. */
export const MAX_RETRY_AFTER_MS = 60_000
/**
 * Throttled attempts do not use up max-attempts (the run's rate controller slows down for them
 * instead); they have this budget of their own. max-attempts 1 still turns every retry off.
 */
export const MAX_THROTTLED_RETRIES = 10

/** The policy for `maxAttempts`, with the default backoff. */
export function retryPolicy(maxAttempts: number): RetryPolicy {
  return { maxAttempts, baseDelayMs: DEFAULT_BASE_DELAY_MS, maxDelayMs: DEFAULT_MAX_DELAY_MS }
}

export interface RetryHooks {
  sleep: (ms: number) => Promise<void>
  random: () => number
  /**
   * Before each retry. `failures` counts the failures of the same kind as this one (throttled, or
   * not), which is what max-attempts and the throttle budget count.
   */
  onRetry?: (info: { failure: AttemptFailure; delayMs: number; failures: number }) => void
  /** True once the run is cancelled: no further attempt starts. */
  cancelled?: () => boolean
  /** Milliseconds left before the caller's deadline (a wait's timeout): no retry that would end past it. */
  msLeft?: () => number
}

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

export async function retryWithBackoff<T>(
  attempt: (attemptNumber: number) => Promise<AttemptResult<T>>,
  policy: RetryPolicy,
  hooks: RetryHooks
): Promise<CallOutcome<T>> {
  let earlierAttemptMayHaveLanded = false
  let transientFailures = 0
  let throttledFailures = 0
  for (let attemptNumber = 1; ; attemptNumber++) {
    const result = await attempt(attemptNumber)
    const outcome = (interrupted = false): CallOutcome<T> => ({
      result,
      attempts: attemptNumber,
      throttled: throttledFailures,
      earlierAttemptMayHaveLanded,
      interrupted
    })
    if (result.ok) return outcome()
    if (result.failure.transience === 'permanent') return outcome(result.failure.code === RUN_CANCELLED)
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
    hooks.onRetry?.({ failure: result.failure, delayMs, failures: throttled ? throttledFailures : transientFailures })
    earlierAttemptMayHaveLanded ||= result.failure.mayHaveLanded
    await hooks.sleep(delayMs)
    if (hooks.cancelled?.()) return outcome(true)
  }
}
