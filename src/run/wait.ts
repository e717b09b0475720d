/**
 * Waiting until the work is done (http/poll.ts polls), and what a target's result says after it.
 */
import type { WaitOutcome } from '../http/poll.js'
import { failureDetails, type TargetResult } from '../report/results.js'

export { waitUntilDone, type PollResult, type WaitOutcome } from '../http/poll.js'

/**
 * A target's result after waiting: the state it reached; or, when the wait ran out or could not
 * look, a failure that says what was accepted and the state last seen.
 */
export function resultAfterWait(
  result: TargetResult,
  outcome: WaitOutcome,
  {
    timeoutMs,
    timeoutHint,
    hintFor
  }: { timeoutMs: number; timeoutHint: string; hintFor: (code: string) => string | undefined }
): TargetResult {
  if (outcome.kind === 'done') return { ...result, finalState: outcome.state }
  if (outcome.kind === 'interrupted') {
    return {
      ...result,
      finalState: outcome.lastState,
      message: `${result.action} was accepted; waiting for it ended early because the run was cancelled`
    }
  }
  if (outcome.kind === 'timed-out') {
    // The failure is the wait's, not an HTTP answer's.
    const { httpStatus: _accepted, ...rest } = result
    return {
      ...rest,
      status: 'failed',
      finalState: outcome.lastState,
      errorCode: 'WaitTimeout',
      message: `${result.action} was accepted, but '${result.name}' had not finished when wait-timeout (${timeoutMs / 1000} s) ran out; last seen: ${outcome.lastState}`,
      hint: timeoutHint
    }
  }
  const hint = hintFor(outcome.failure.code)
  return {
    ...result,
    status: 'failed',
    finalState: outcome.lastState,
    ...failureDetails(outcome.failure),
    // The poll's own id when it has one, else the id of the call that was accepted.
    ...((outcome.failure.requestId ?? result.requestId)
      ? { requestId: outcome.failure.requestId ?? result.requestId }
      : {}),
    message: `${result.action} was accepted, but waiting for it failed: ${outcome.failure.message}`,
    ...(hint ? { hint } : {})
  }
}
