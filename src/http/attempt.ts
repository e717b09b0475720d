/**
 * The vocabulary shared by clients, retries, waiting and results: how one attempt ended, and how a
 * call with its retries ended. Providers describe their answers in these terms; everything above
 * them (retry, rate control, targets, report) reads only these.
 */

/** transient: retrying may help; throttled: retry after slowing down; permanent: never retry. */
export type Transience = 'transient' | 'throttled' | 'permanent'

/** One failed attempt, as a provider describes it. */
export interface AttemptFailure {
  /** The service's error code, or one of flow-ops' own (RequestTimeout, NetworkError, …). */
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

/** How a call ended after its retries. */
export interface CallOutcome<T> {
  result: AttemptResult<T>
  /** Every attempt sent, throttled ones included. */
  attempts: number
  /** How many of them the service throttled (they do not count against max-attempts). */
  throttled: number
  /** Some earlier, failed attempt may have taken effect: a later "not found" is then our own doing. */
  earlierAttemptMayHaveLanded: boolean
  /** The run was cancelled before the call could finish: `result` is the last attempt's failure. */
  interrupted: boolean
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

/** A failure of flow-ops' own, before or instead of a request: permanent, and nothing reached the service. */
export function localFailure(
  code: string,
  message: string,
  transience: Transience = 'permanent'
): AttemptResult<never> {
  return { ok: false, failure: { code, message, transience, mayHaveLanded: false } }
}

/** What the calls made for one target add up to: every attempt sent, and how many were throttled. */
export interface CallTally {
  attempts: number
  throttled: number
}

/** Adds a call's attempts to `tally` and returns the call, so a sequence of calls can be counted as it goes. */
export function counted<T extends Pick<CallOutcome<unknown>, 'attempts' | 'throttled'>>(
  tally: CallTally,
  outcome: T
): T {
  tally.attempts += outcome.attempts
  tally.throttled += outcome.throttled
  return outcome
}

/** A call's outcome with its value read further (a page out of an answer); a reading that fails is the call's failure. */
export function mapOutcome<T, U>(outcome: CallOutcome<T>, read: (value: T) => AttemptResult<U>): CallOutcome<U> {
  return { ...outcome, result: outcome.result.ok ? read(outcome.result.value) : outcome.result }
}
