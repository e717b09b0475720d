/** The one result type per target, passed unchanged from the target runner to the report. */
import { RUN_CANCELLED, type AttemptFailure, type CallOutcome, type CallTally } from '../http/attempt.js'

/**
 * What became of a target. `done` is the work done (the report calls it by the provider's word:
 * deleted, cancelled, restored). not-started and unknown come only from a cancelled run: the
 * target was never started, or was in flight and its outcome is not known. `exists`: what was to
 * be made is there already, and was left as it was (a restore run twice). `changed`: the target
 * changed since the plan that named it, so nothing was done to it, and a person must look again.
 * `partial`, also only from a cancelled run: some of what hangs off the target (its dependents,
 * as its provider names them) was removed, the target itself was not.
 */
export type TargetStatus =
  'done' | 'not-found' | 'exists' | 'failed' | 'changed' | 'dry-run' | 'not-started' | 'unknown' | 'partial'

export interface TargetResult {
  /** The flow name or flow instance id, as the user gave it. */
  name: string
  status: TargetStatus
  /** The API action attempted, e.g. DeleteFlow. */
  action: string
  /** Where: the region, or the endpoint's host when an endpoint was given. */
  location: string
  requestId?: string
  errorCode?: string
  message?: string
  httpStatus?: number
  /** What the user should check, from the provider's error catalogue. */
  hint?: string
  /** Attempts of the call that decided the target (DeleteFlow, or the one that failed), throttled ones included. */
  attempts: number
  /** A listing that failed: the page it failed on (its attempts are that page's call's alone). */
  page?: number
  /** How many of those the service throttled (they do not count against max-attempts). */
  throttled?: number
  /**
   * Every request sent for the target when it took more than one call (listings and removals of
   * its dependents included); absent when it is `attempts`.
   */
  requests?: number
  durationMs: number
  /** With wait: the state the target reached (gone; CANCEL, SUCCESS, …), or was last seen in. */
  finalState?: string
  /** dry-run: the request that would have been sent, signatures and tokens replaced by ***. */
  preview?: string
  /**
   * What the provider found with the target and did to it (what hangs off it, removed), in the
   * provider's own words: the report renders any of them the same way.
   */
  details?: TargetDetail[]
}

/**
 * Things a provider found with a target, and how many of them it dealt with: a list for `results`
 * under `key` with the count under `doneKey`, and a column of the summary headed `label`.
 */
export interface TargetDetail {
  /** The `results` key of the list, and of the count of those dealt with. */
  key: string
  doneKey: string
  /** The summary column's heading. */
  label: string
  /** What dealing with one is called: `delete` (a dry run's "would delete 3"), `deleted` ("3 deleted"). */
  verb: string
  past: string
  /** As listed; a dry run lists them and deals with none. */
  items: string[]
  done: number
}

/** A failure that belongs to the run rather than to one target: selecting, the max-targets guard, preparing. */
export interface RunFailure {
  /** What failed: an API action (ListFlows), or flow-ops' own step (max-targets). */
  action: string
  code: string
  message: string
  hint?: string
  httpStatus?: number
  requestId?: string
  /** A guard said no (max-targets): nothing failed, the run refused to go on. */
  refused?: boolean
}

/** Everything a run ends with: a result per target, perhaps a failure of its own, and what it noted on the way. */
export interface RunOutcome {
  results: TargetResult[]
  failure?: RunFailure
  /** What the selectors matched, what was left alone, what was disabled: for the log and the summary. */
  notes: string[]
  /** A run cancelled while selecting or preparing: what it was doing then. */
  interruptedWhile?: string
}

/** A result before the runner has timed it. */
export type UntimedResult = Omit<TargetResult, 'durationMs'>

/** A target that fails the step: its work failed, or it changed since its plan and was left alone. */
export function isFailure(result: Pick<TargetResult, 'status'>): boolean {
  return result.status === 'failed' || result.status === 'changed'
}

/** A failure's fields as a result carries them; the request id only as the service answered it. */
export function failureDetails(
  failure: AttemptFailure
): Pick<TargetResult, 'errorCode' | 'message' | 'httpStatus' | 'requestId'> {
  const requestId = failure.requestId
  return {
    errorCode: failure.code,
    message: failure.message,
    ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
    ...(requestId ? { requestId } : {})
  }
}

/** A target that failed with a call's failure, and what the user should check. */
export function failedResult<T extends Omit<UntimedResult, 'status'>>(
  base: T,
  failure: AttemptFailure,
  hint: string | undefined
): T & UntimedResult {
  return { ...base, status: 'failed', ...failureDetails(failure), ...(hint ? { hint } : {}) }
}

/**
 * The attempt counts of the call that decided a target, as a result carries them; with `tally`
 * (every call made for the target), also every request when there were more.
 */
export function attemptCounts(
  call: CallTally,
  tally: CallTally = call
): Pick<TargetResult, 'attempts' | 'throttled' | 'requests'> {
  return {
    attempts: call.attempts,
    ...(call.throttled > 0 ? { throttled: call.throttled } : {}),
    ...(tally.attempts !== call.attempts ? { requests: tally.attempts } : {})
  }
}

/** A target whose work was done: the answer's HTTP status and request id, as the service answered them. */
export function doneResult(
  base: Omit<UntimedResult, 'status'>,
  success: { httpStatus: number; requestId?: string | undefined }
): UntimedResult {
  const requestId = success.requestId
  return { ...base, status: 'done', httpStatus: success.httpStatus, ...(requestId ? { requestId } : {}) }
}

/**
 * A call the run's cancellation cut short: `unknown` when some attempt may have reached the
 * service, else `not-started` (nothing was changed).
 */
export function interruptedResult(
  base: Pick<TargetResult, 'name' | 'action' | 'location' | 'attempts' | 'throttled'>,
  outcome: CallOutcome<unknown>
): UntimedResult {
  const lastMayHaveLanded = !outcome.result.ok && outcome.result.failure.mayHaveLanded
  if (lastMayHaveLanded && !outcome.result.ok && outcome.result.failure.code === RUN_CANCELLED) {
    // The attempt was in flight, and aborted once the run's grace was over.
    return {
      ...base,
      status: 'unknown',
      message: `${base.action} was in flight when the run was cancelled; whether it took effect is not known`
    }
  }
  return outcome.earlierAttemptMayHaveLanded || lastMayHaveLanded
    ? {
        ...base,
        status: 'unknown',
        message: `the run was cancelled while ${base.action} was being retried; an earlier attempt may have taken effect`
      }
    : { ...base, status: 'not-started', message: `the run was cancelled before ${base.action} took effect` }
}

/** Every target failed for one reason that came before any of them (credentials that could not be had). */
export function failEveryTarget(
  names: readonly string[],
  base: Pick<TargetResult, 'action' | 'location'>,
  failure: AttemptFailure,
  hint: string | undefined
): TargetResult[] {
  return names.map((name) => ({
    name,
    ...base,
    status: 'failed',
    attempts: 0,
    durationMs: 0,
    ...failureDetails(failure),
    ...(hint ? { hint } : {})
  }))
}

/** A call's failure as the run's own: what was attempted, and the service's answer. */
export function runFailureOf(
  action: string,
  failure: AttemptFailure,
  { message = failure.message, hint }: { message?: string; hint?: string | undefined } = {}
): RunFailure {
  return {
    action,
    code: failure.code,
    message,
    ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
    ...(failure.requestId ? { requestId: failure.requestId } : {}),
    ...(hint ? { hint } : {})
  }
}
