/**
 * The work on one flow: DeleteFlow with retries, its answer mapped to a result; DescribeFlow to see
 * when it is gone (DeleteFlow is asynchronous); and the request a dry run shows.
 */
import type { CallOutcome } from '../attempt.js'
import { previewRequest } from '../http/redact.js'
import type { TargetOutcome } from '../provider.js'
import { attemptCounts, failureDetails, interruptedResult } from '../results.js'
import type { Runtime } from '../runtime.js'
import type { PollResult } from '../wait.js'
import type { FnfClient } from './client.js'
import { DRY_RUN_KEYS } from './credentials.js'
import { hintForAlibabaError } from './errors.js'
import type { AlibabaSettings } from './inputs.js'
import { buildRpcRequest, deleteFlowCall, FNF_API_VERSION, newNonce } from './request.js'
import type { RpcSuccess } from './response.js'

/** Where the flows are, as results say it: the region, or the endpoint's host. */
export function flowLocation(settings: Pick<AlibabaSettings, 'region' | 'endpoint'>): string {
  return settings.region || settings.endpoint.host
}

/**
 * The RequestId to send for the flow at `index`. The service takes the value as the request's id,
 * so with several flows each gets its own: `<request-id>-1`, `<request-id>-2`, …
 */
export function requestIdFor(
  settings: Pick<AlibabaSettings, 'requestId' | 'flowNames'>,
  index: number
): string | undefined {
  if (!settings.requestId) return undefined
  return settings.flowNames.length === 1 ? settings.requestId : `${settings.requestId}-${index + 1}`
}

/** How one DeleteFlow ended, before any waiting. */
export function deleteOutcome(
  name: string,
  settings: AlibabaSettings,
  givenRequestId: string | undefined,
  outcome: CallOutcome<RpcSuccess>,
  logger: Runtime['logger']
): TargetOutcome {
  const location = flowLocation(settings)
  const base = { name, action: 'DeleteFlow', location, ...attemptCounts(outcome) }
  if (outcome.result.ok) {
    const requestId = outcome.result.value.requestId ?? givenRequestId
    logger.info(`Deleted flow '${name}' (${location}), RequestId ${requestId ?? 'not returned'}`)
    return {
      result: {
        ...base,
        status: 'done',
        httpStatus: outcome.result.value.httpStatus,
        ...(requestId ? { requestId } : {})
      }
    }
  }
  if (outcome.interrupted) return { result: interruptedResult(base, outcome) }
  const failure = outcome.result.failure
  const details = failureDetails(failure, givenRequestId)
  if (failure.code === 'FlowNotExists' && outcome.earlierAttemptMayHaveLanded) {
    // An earlier attempt was sent and its answer lost: it most likely did the delete.
    logger.info(`Flow '${name}' (${location}) is gone: an earlier attempt whose answer was lost most likely deleted it`)
    return {
      result: {
        ...base,
        status: 'done',
        message: 'deleted by an earlier attempt whose answer was lost',
        ...(details.requestId ? { requestId: details.requestId } : {})
      }
    }
  }
  if (failure.code === 'FlowNotExists' && settings.ignoreNotFound) {
    logger.info(`Flow '${name}' (${location}) does not exist; ignore-not-found is set, so that counts as done`)
    return { result: { ...base, status: 'not-found', ...details }, finalState: 'gone' }
  }
  const hint = hintForAlibabaError(failure.code)
  return { result: { ...base, status: 'failed', ...details, ...(hint ? { hint } : {}) } }
}

export async function deleteFlow(client: FnfClient, settings: AlibabaSettings, index: number): Promise<TargetOutcome> {
  const name = settings.flowNames[index]!
  const givenRequestId = requestIdFor(settings, index)
  const outcome = await client.deleteFlow(name, givenRequestId)
  return deleteOutcome(name, settings, givenRequestId, outcome, client.deps.logger)
}

/** DeleteFlow is asynchronous: the flow is gone once DescribeFlow answers FlowNotExists. */
export async function pollDeletion(client: FnfClient, name: string, deadlineAt: number): Promise<PollResult> {
  const outcome = await client.describeFlow(name, deadlineAt)
  if (outcome.result.ok) return { done: false, state: 'exists' }
  if (outcome.result.failure.code === 'FlowNotExists') return { done: true, state: 'gone' }
  return { failure: outcome.result.failure }
}

/** dry-run: the DeleteFlow built and signed exactly as it would be sent (with stand-in keys when keyless). */
export function previewDeleteFlow(settings: AlibabaSettings, index: number, runtime: Pick<Runtime, 'now'>): string {
  const request = buildRpcRequest(deleteFlowCall(settings.flowNames[index]!, requestIdFor(settings, index)), {
    endpoint: settings.endpoint,
    credentials: settings.auth.kind === 'keys' ? settings.auth.keys : DRY_RUN_KEYS,
    signatureVersion: settings.signatureVersion,
    apiVersion: FNF_API_VERSION,
    timestamp: new Date(runtime.now()),
    nonce: newNonce()
  })
  return previewRequest(request)
}
