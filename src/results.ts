/** The one result type per target, passed unchanged from a provider to the report. */

export type TargetStatus = 'deleted' | 'not-found' | 'cancelled' | 'failed'

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
}

export function isFailure(result: TargetResult): boolean {
  return result.status === 'failed'
}
