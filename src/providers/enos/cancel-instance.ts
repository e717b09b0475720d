/**
 * The work on one flow instance: Cancel Flow Instance with retries, its answer mapped to a result
 * (a lost answer checked with Get Flow Instance); Get Flow Instance to see when it has stopped;
 * and the request a dry run shows.
 */
import { previewRequest } from '../../http/redact.js'
import type { TargetOutcome, TargetRef } from '../contract.js'
import { answerIds, changeOutcome, type Recorder } from '../../report/manifest.js'
import { attemptCounts, doneResult, failedResult, interruptedResult, type UntimedResult } from '../../report/results.js'
import type { Runtime } from '../runtime.js'
import type { PollResult } from '../contract.js'
import type { BatchProcessingClient } from './client.js'
import { hintForEnosError } from './errors.js'
import type { EnosConnection, EnosSettings } from './inputs.js'
import { buildSignedRequest, cancelFlowInstanceCall, type SignedCall } from './request.js'
import { CANCELLED_STATUS, FLOW_INSTANCE_STATUS, flowInstanceStatus } from './response.js'

/** Statuses an instance does not leave (the FlowInstanceStatus table; CANCEL is the one expected). */
const FINISHED_STATUSES = new Set([-1, 1, 4, 7, CANCELLED_STATUS, 10])

export function statusName(status: number | undefined): string {
  return status === undefined ? 'unknown' : (FLOW_INSTANCE_STATUS[status] ?? String(status))
}

/** How one cancel ended, before any waiting. */
export async function cancelInstance(
  client: BatchProcessingClient,
  id: string,
  location: string,
  record: Recorder
): Promise<TargetOutcome> {
  const { logger } = client
  record.found(id, {})
  const outcome = await client.cancelFlowInstance(id)
  record.changed(id, { action: 'CancelFlowInstance', outcome: changeOutcome(outcome), ...answerIds(outcome.result) })
  const base = { name: id, action: 'CancelFlowInstance', location, ...attemptCounts(outcome) }
  if (outcome.result.ok) {
    const result = doneResult(base, outcome.result.value)
    logger.info(`Cancelled flow instance '${id}' (${location}), requestId ${result.requestId ?? 'not returned'}`)
    return { result }
  }
  if (outcome.interrupted) return { result: interruptedResult(base, outcome) }
  const failure = outcome.result.failure
  if (outcome.earlierAttemptMayHaveLanded) {
    // An earlier attempt was sent and its answer lost; if the instance is now cancelled, that attempt did it.
    const check = await client.getFlowInstance(id)
    if (check.result.ok && flowInstanceStatus(check.result.value) === CANCELLED_STATUS) {
      logger.info(`Flow instance '${id}' (${location}) is cancelled: an earlier attempt whose answer was lost did it`)
      return {
        result: {
          ...base,
          status: 'done',
          httpStatus: check.result.value.httpStatus,
          message: 'cancelled by an earlier attempt whose answer was lost'
        }
      }
    }
  }
  const hint = hintForEnosError(failure.code)
  return { result: failedResult(base, failure, hint) }
}

/** Cancelling may take a while: the instance is done once it reaches a status it does not leave. */
export async function pollInstance(client: BatchProcessingClient, id: string, deadlineAt: number): Promise<PollResult> {
  const outcome = await client.getFlowInstance(id, deadlineAt)
  if (!outcome.result.ok) return { failure: outcome.result.failure }
  const status = flowInstanceStatus(outcome.result.value)
  return { done: status !== undefined && FINISHED_STATUSES.has(status), state: statusName(status) }
}

/** What a wait says when it saw the instance stop: CANCEL is the expected end, anything else a warning. */
export function reachedState(id: string, state: string, location: string): { warning: boolean; message: string } {
  const report = `Flow instance '${id}' (${location}) reached ${state}`
  return state === statusName(CANCELLED_STATUS)
    ? { warning: false, message: report }
    : { warning: true, message: `${report}: it finished before the cancel took effect` }
}

/** Stands in for the access token in a dry run, which fetches none. */
export const DRY_RUN_ACCESS_TOKEN = 'dry-run-access-token'

/** dry-run: the cancel built and signed as it would be sent (with a stand-in token). */
export function previewCancel(
  settings: EnosSettings,
  target: Pick<TargetRef, 'name'>,
  runtime: Pick<Runtime, 'now'>
): string {
  return previewSigned(cancelFlowInstanceCall(target.name, settings), settings, runtime)
}

/** dry-run: a call built and signed as it would be sent to the connection's gateway, with a stand-in token, redacted. */
export function previewSigned(call: SignedCall, connection: EnosConnection, runtime: Pick<Runtime, 'now'>): string {
  return previewRequest(
    buildSignedRequest(call, connection.apigw, DRY_RUN_ACCESS_TOKEN, connection.credentials.appSecret, runtime.now())
  )
}

/** dry-run with flow-id: the instance found, and the cancel it would send; nothing more to look up. */
export async function planCancel(
  client: BatchProcessingClient,
  settings: EnosSettings,
  target: TargetRef,
  runtime: Pick<Runtime, 'now'>
): Promise<UntimedResult> {
  const preview = previewCancel(settings, target, runtime)
  const location = settings.apigw.host
  client.logger.info(`Dry run: would cancel flow instance '${target.name}' (${location}); it would send: ${preview}`)
  return { name: target.name, action: 'CancelFlowInstance', location, status: 'dry-run', attempts: 0, preview }
}
