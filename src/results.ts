/** The one result type per target, passed unchanged from a provider to the report. */
import type { AttemptFailure } from './http/retry.js'

export type TargetStatus = 'deleted' | 'not-found' | 'cancelled' | 'failed' | 'dry-run'

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
  attempts: number
  durationMs: number
  /** With wait: the state the target reached (gone; CANCEL, SUCCESS, …), or was last seen in. */
  finalState?: string
  /** dry-run: the request that would have been sent, signatures and tokens replaced by ***. */
  preview?: string
}

export function isFailure(result: TargetResult): boolean {
  return result.status === 'failed'
}

/** A failure's fields as a result carries them; the request id falls back to the one given. */
export function failureDetails(
  failure: AttemptFailure,
  givenRequestId?: string
): Pick<TargetResult, 'errorCode' | 'message' | 'httpStatus' | 'requestId'> {
  const requestId = failure.requestId ?? givenRequestId
  return {
    errorCode: failure.code,
    message: failure.message,
    ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
    ...(requestId ? { requestId } : {})
  }
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
