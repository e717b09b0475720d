/**
 * operation: cancel — Cancel Flow Instance for each instance id, mapped to one TargetResult per
 * instance.
 */
import { previewRequest } from '../http/redact.js'
import { retryPolicy, type RetryDelays } from '../http/retry.js'
import { failureDetails, type TargetResult } from '../results.js'
import { forEachTarget } from '../targets.js'
import {
  BatchProcessingClient,
  buildSignedRequest,
  cancelFlowInstanceCall,
  CANCELLED_STATUS,
  flowInstanceStatus,
  type EnosClientDeps,
  type EnosCredentials
} from './batch-processing.js'
import { hintForEnosError } from './errors.js'

export interface CancelFlowInstancesConfig {
  operation: 'cancel'
  instanceIds: string[]
  apigw: URL
  credentials: EnosCredentials
  orgId: string
  userId: string
  maxAttempts: number
  timeoutMs: number
  /** Targets handled at the same time. */
  concurrency: number
  /** Build, sign and show every request; send none. */
  dryRun: boolean
}

export async function cancelFlowInstances(
  config: CancelFlowInstancesConfig,
  deps: EnosClientDeps & RetryDelays
): Promise<TargetResult[]> {
  const client = new BatchProcessingClient(
    {
      apigw: config.apigw,
      credentials: config.credentials,
      orgId: config.orgId,
      userId: config.userId,
      timeoutMs: config.timeoutMs,
      retry: retryPolicy(config.maxAttempts, deps)
    },
    deps
  )
  const location = config.apigw.host
  return forEachTarget(config.instanceIds, config.concurrency, async (id): Promise<TargetResult> => {
    const started = Date.now()
    const outcome = await client.cancelFlowInstance(id)
    const base = { name: id, action: 'CancelFlowInstance', location, attempts: outcome.attempts }
    if (outcome.result.ok) {
      const requestId = outcome.result.value.requestId
      deps.logger.info(`Cancelled flow instance '${id}' (${location}), requestId ${requestId ?? 'not returned'}`)
      return { ...base, status: 'cancelled', durationMs: Date.now() - started, ...(requestId ? { requestId } : {}) }
    }
    const failure = outcome.result.failure
    if (outcome.earlierAttemptMayHaveLanded) {
      // An earlier attempt was sent and its answer lost; if the instance is now cancelled, that attempt did it.
      const check = await client.getFlowInstance(id)
      if (check.result.ok && flowInstanceStatus(check.result.value) === CANCELLED_STATUS) {
        deps.logger.info(
          `Flow instance '${id}' (${location}) is cancelled: an earlier attempt whose answer was lost did it`
        )
        return {
          ...base,
          status: 'cancelled',
          durationMs: Date.now() - started,
          message: 'cancelled by an earlier attempt whose answer was lost'
        }
      }
    }
    const hint = hintForEnosError(failure.code)
    return {
      ...base,
      status: 'failed',
      durationMs: Date.now() - started,
      ...failureDetails(failure),
      ...(hint ? { hint } : {})
    }
  })
}

/** Stands in for the access token in a dry run, which fetches none. */
export const DRY_RUN_ACCESS_TOKEN = 'dry-run-access-token'

/** dry-run: every cancel built and signed as it would be sent (with a stand-in token); nothing is sent. */
export function previewCancelFlowInstances(
  config: CancelFlowInstancesConfig,
  deps: Pick<EnosClientDeps, 'now' | 'logger'>
): TargetResult[] {
  const location = config.apigw.host
  return config.instanceIds.map((id) => {
    const request = buildSignedRequest(
      cancelFlowInstanceCall(id, config),
      config.apigw,
      DRY_RUN_ACCESS_TOKEN,
      config.credentials.appSecret,
      deps.now().getTime()
    )
    const preview = previewRequest(request)
    deps.logger.info(`Dry run: cancel of flow instance '${id}' (${location}) would send: ${preview}`)
    return { name: id, action: 'CancelFlowInstance', location, status: 'dry-run', attempts: 0, durationMs: 0, preview }
  })
}
