/**
 * operation: cancel — Cancel Flow Instance for each instance id, mapped to one TargetResult per
 * instance.
 */
import { Cancellation } from '../cancellation.js'
import type { CommonSettings } from '../settings.js'
import { previewRequest } from '../http/redact.js'
import { logThrottling } from '../http/rate-controller.js'
import { retryPolicy, type RetryDelays } from '../http/retry.js'
import type { Logger } from '../logger.js'
import type { EdgeDeps } from '../operations.js'
import { failureDetails, interruptedResult, type TargetResult } from '../results.js'
import { resultAfterWait, waitUntilDone, type PollResult } from '../wait.js'
import { runTargets, TargetLedger } from '../targets.js'
import type { RunControl } from '../alibaba/delete-flows.js'
import {
  BatchProcessingClient,
  buildSignedRequest,
  defaultEnosDeps,
  cancelFlowInstanceCall,
  CANCELLED_STATUS,
  ENOS_SERVICE,
  FLOW_INSTANCE_STATUS,
  flowInstanceStatus,
  type EnosClientDeps,
  type EnosCredentials
} from './batch-processing.js'
import { hintForEnosError } from './errors.js'

export interface CancelFlowInstancesConfig extends CommonSettings {
  operation: 'cancel'
  instanceIds: string[]
  apigw: URL
  credentials: EnosCredentials
  orgId: string
  userId: string
}

/** Statuses an instance does not leave (the FlowInstanceStatus table; CANCEL is the one expected). */
const FINISHED_STATUSES = new Set([-1, 1, 4, 7, CANCELLED_STATUS, 10])

function statusName(status: number | undefined): string {
  return status === undefined ? 'unknown' : (FLOW_INSTANCE_STATUS[status] ?? String(status))
}

/** How one cancel ended, before any waiting; a lost answer is checked with Get Flow Instance. */
async function cancelOutcome(
  client: BatchProcessingClient,
  id: string,
  location: string,
  logger: Logger
): Promise<Omit<TargetResult, 'durationMs'>> {
  const outcome = await client.cancelFlowInstance(id)
  const base = { name: id, action: 'CancelFlowInstance', location, attempts: outcome.attempts }
  if (outcome.result.ok) {
    const requestId = outcome.result.value.requestId
    logger.info(`Cancelled flow instance '${id}' (${location}), requestId ${requestId ?? 'not returned'}`)
    return {
      ...base,
      status: 'cancelled',
      httpStatus: outcome.result.value.httpStatus,
      ...(requestId ? { requestId } : {})
    }
  }
  if (outcome.interrupted) return interruptedResult(base, outcome)
  const failure = outcome.result.failure
  if (outcome.earlierAttemptMayHaveLanded) {
    // An earlier attempt was sent and its answer lost; if the instance is now cancelled, that attempt did it.
    const check = await client.getFlowInstance(id)
    if (check.result.ok && flowInstanceStatus(check.result.value) === CANCELLED_STATUS) {
      logger.info(`Flow instance '${id}' (${location}) is cancelled: an earlier attempt whose answer was lost did it`)
      return {
        ...base,
        status: 'cancelled',
        httpStatus: check.result.value.httpStatus,
        message: 'cancelled by an earlier attempt whose answer was lost'
      }
    }
  }
  const hint = hintForEnosError(failure.code)
  return { ...base, status: 'failed', ...failureDetails(failure), ...(hint ? { hint } : {}) }
}

/** Cancelling may take a while: the instance is done once it reaches a status it does not leave. */
function pollInstance(
  client: BatchProcessingClient,
  id: string,
  now: () => number
): (msLeft: number) => Promise<PollResult> {
  return async (msLeft) => {
    const outcome = await client.getFlowInstance(id, now() + msLeft)
    if (!outcome.result.ok) return { failure: outcome.result.failure }
    const status = flowInstanceStatus(outcome.result.value)
    return { done: status !== undefined && FINISHED_STATUSES.has(status), state: statusName(status) }
  }
}

export async function cancelFlowInstances(
  config: CancelFlowInstancesConfig,
  deps: EnosClientDeps & RetryDelays & Partial<RunControl>
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
  const now = () => deps.now().getTime()
  const ledger = deps.ledger ?? new TargetLedger(now)
  if (ledger.size === 0) {
    ledger.register(config.instanceIds.map((name) => ({ name, action: 'CancelFlowInstance', location })))
  }
  const cancellation = deps.cancellation ?? new Cancellation()
  const results = await runTargets(
    ledger,
    { concurrency: config.concurrency, cancellation },
    async (index): Promise<TargetResult> => {
      const id = config.instanceIds[index]!
      const started = now()
      const result = await cancelOutcome(client, id, location, deps.logger)
      if (!config.wait || result.status !== 'cancelled') return { ...result, durationMs: now() - started }
      const waited = await waitUntilDone(
        pollInstance(client, id, now),
        { timeoutMs: config.waitTimeoutMs },
        { now, sleep: deps.sleep, cancelled: () => cancellation.requested }
      )
      if (waited.kind === 'done') {
        const report = `Flow instance '${id}' (${location}) reached ${waited.state}`
        if (waited.state === statusName(CANCELLED_STATUS)) deps.logger.info(report)
        else deps.logger.warning(`${report}: it finished before the cancel took effect`)
      }
      return resultAfterWait({ ...result, durationMs: now() - started }, waited, {
        timeoutMs: config.waitTimeoutMs,
        timeoutHint:
          "The cancel was accepted but the instance had not stopped yet: raise 'wait-timeout', or look at the instance in the EnOS Batch Processing console.",
        hintFor: hintForEnosError
      })
    }
  )
  logThrottling(deps.limiter, ENOS_SERVICE, deps.logger)
  return results
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

/** operation: cancel as the action runs it: the dry run or the cancels. */
export function runCancelOperation(
  config: CancelFlowInstancesConfig,
  edge: EdgeDeps,
  delays: RetryDelays
): Promise<TargetResult[]> | TargetResult[] {
  const deps = defaultEnosDeps(edge.logger, edge.maskSecret, edge.cancellation, config.maxRate)
  if (config.dryRun) return previewCancelFlowInstances(config, deps)
  edge.ledger.register(
    config.instanceIds.map((name) => ({ name, action: 'CancelFlowInstance', location: config.apigw.host }))
  )
  return cancelFlowInstances(config, { ...deps, ...delays, ledger: edge.ledger, cancellation: edge.cancellation })
}
