/**
 * operation: delete — DeleteFlow for each flow name, mapped to one TargetResult per flow.
 */
import { Cancellation } from '../cancellation.js'
import type { CommonSettings } from '../settings.js'
import { previewRequest } from '../http/redact.js'
import { logThrottling } from '../http/rate-controller.js'
import { retryPolicy, type RetryDelays, type RetryOutcome } from '../http/retry.js'
import type { Logger } from '../logger.js'
import type { EdgeDeps } from '../operations.js'
import { failEveryTarget, failureDetails, interruptedResult, type TargetResult } from '../results.js'
import { resultAfterWait, waitUntilDone, type PollResult } from '../wait.js'
import { runTargets, TargetLedger } from '../targets.js'
import { hintForFnfError } from './errors.js'
import { keylessCredentials, type OidcRoleSettings } from './sts.js'
import {
  buildRpcRequest,
  defaultFnfDeps,
  deleteFlowCall,
  FNF_API_VERSION,
  FNF_SERVICE,
  FnfClient,
  type AlibabaCredentials,
  type FnfClientDeps,
  type FnfSuccess,
  type SignatureVersion
} from './fnf.js'

export interface DeleteFlowsConfig extends CommonSettings {
  operation: 'delete'
  flowNames: string[]
  /** Empty when only an endpoint was given. */
  region: string
  endpoint: URL
  /** Empty when `oidc` is set: the credentials then come from STS at run time. */
  credentials: AlibabaCredentials
  /** Keyless authentication: exchange the job's OIDC token for temporary credentials. */
  oidc?: OidcRoleSettings
  signatureVersion: SignatureVersion
  requestId?: string
  ignoreNotFound: boolean
}

/**
 * The RequestId to send for the flow at `index`. The service takes the value as the request's id,
 * so with several flows each gets its own: `<request-id>-1`, `<request-id>-2`, …
 */
export function requestIdFor(
  config: Pick<DeleteFlowsConfig, 'requestId' | 'flowNames'>,
  index: number
): string | undefined {
  if (!config.requestId) return undefined
  return config.flowNames.length === 1 ? config.requestId : `${config.requestId}-${index + 1}`
}

/** How one DeleteFlow ended, before any waiting. */
function deleteOutcome(
  name: string,
  location: string,
  givenRequestId: string | undefined,
  outcome: RetryOutcome<FnfSuccess>,
  config: DeleteFlowsConfig,
  logger: Logger
): Omit<TargetResult, 'durationMs'> {
  const base = { name, action: 'DeleteFlow', location, attempts: outcome.attempts }
  if (outcome.result.ok) {
    const requestId = outcome.result.value.requestId ?? givenRequestId
    logger.info(`Deleted flow '${name}' (${location}), RequestId ${requestId ?? 'not returned'}`)
    return {
      ...base,
      status: 'deleted',
      httpStatus: outcome.result.value.httpStatus,
      ...(requestId ? { requestId } : {})
    }
  }
  if (outcome.interrupted) return interruptedResult(base, outcome)
  const failure = outcome.result.failure
  const details = failureDetails(failure, givenRequestId)
  if (failure.code === 'FlowNotExists' && outcome.earlierAttemptMayHaveLanded) {
    // An earlier attempt was sent and its answer lost: it most likely did the delete.
    logger.info(`Flow '${name}' (${location}) is gone: an earlier attempt whose answer was lost most likely deleted it`)
    return {
      ...base,
      status: 'deleted',
      message: 'deleted by an earlier attempt whose answer was lost',
      ...(details.requestId ? { requestId: details.requestId } : {})
    }
  }
  if (failure.code === 'FlowNotExists' && config.ignoreNotFound) {
    logger.info(`Flow '${name}' (${location}) does not exist; ignore-not-found is set, so that counts as done`)
    return { ...base, status: 'not-found', ...details }
  }
  const hint = hintForFnfError(failure.code)
  return { ...base, status: 'failed', ...details, ...(hint ? { hint } : {}) }
}

/** DeleteFlow is asynchronous: the flow is gone once DescribeFlow answers FlowNotExists. */
function pollDeletion(client: FnfClient, name: string, now: () => number): (msLeft: number) => Promise<PollResult> {
  return async (msLeft) => {
    const outcome = await client.describeFlow(name, now() + msLeft)
    if (outcome.result.ok) return { done: false, state: 'exists' }
    if (outcome.result.failure.code === 'FlowNotExists') return { done: true, state: 'gone' }
    return { failure: outcome.result.failure }
  }
}

/** Where the run stands and whether it is being cancelled; main.ts shares both with the report. */
export interface RunControl {
  ledger: TargetLedger
  cancellation: Cancellation
}

export async function deleteFlows(
  config: DeleteFlowsConfig,
  deps: FnfClientDeps & RetryDelays & Partial<RunControl>
): Promise<TargetResult[]> {
  const client = new FnfClient(
    {
      endpoint: config.endpoint,
      credentials: config.credentials,
      signatureVersion: config.signatureVersion,
      timeoutMs: config.timeoutMs,
      retry: retryPolicy(config.maxAttempts, deps)
    },
    deps
  )
  const location = config.region || config.endpoint.host
  const now = () => deps.now().getTime()
  const ledger = deps.ledger ?? new TargetLedger(now)
  if (ledger.size === 0) ledger.register(config.flowNames.map((name) => ({ name, action: 'DeleteFlow', location })))
  const cancellation = deps.cancellation ?? new Cancellation()
  const results = await runTargets(
    ledger,
    { concurrency: config.concurrency, cancellation },
    async (index): Promise<TargetResult> => {
      const name = config.flowNames[index]!
      const started = now()
      const givenRequestId = requestIdFor(config, index)
      const outcome = await client.deleteFlow(name, givenRequestId)
      const result = deleteOutcome(name, location, givenRequestId, outcome, config, deps.logger)
      if (!config.wait || (result.status !== 'deleted' && result.status !== 'not-found')) {
        return { ...result, durationMs: now() - started }
      }
      const waited =
        result.status === 'not-found'
          ? { kind: 'done' as const, state: 'gone', polls: 0 }
          : await waitUntilDone(
              pollDeletion(client, name, now),
              { timeoutMs: config.waitTimeoutMs },
              { now, sleep: deps.sleep, cancelled: () => cancellation.requested }
            )
      if (waited.kind === 'done') deps.logger.info(`Flow '${name}' (${location}) is gone`)
      return resultAfterWait({ ...result, durationMs: now() - started }, waited, {
        timeoutMs: config.waitTimeoutMs,
        timeoutHint:
          "DeleteFlow is asynchronous and the flow was still there: raise 'wait-timeout', or look at the flow in the Serverless Workflow console.",
        hintFor: hintForFnfError
      })
    }
  )
  logThrottling(deps.limiter, FNF_SERVICE, deps.logger)
  return results
}

/** dry-run: every DeleteFlow built and signed exactly as it would be sent; nothing is sent. */
export function previewDeleteFlows(
  config: DeleteFlowsConfig,
  deps: Pick<FnfClientDeps, 'now' | 'nonce' | 'logger'>
): TargetResult[] {
  const location = config.region || config.endpoint.host
  return config.flowNames.map((name, index) => {
    const request = buildRpcRequest(deleteFlowCall(name, requestIdFor(config, index)), {
      endpoint: config.endpoint,
      credentials: config.credentials,
      signatureVersion: config.signatureVersion,
      apiVersion: FNF_API_VERSION,
      timestamp: deps.now(),
      nonce: deps.nonce()
    })
    const preview = previewRequest(request)
    deps.logger.info(`Dry run: DeleteFlow '${name}' (${location}) would send: ${preview}`)
    return { name, action: 'DeleteFlow', location, status: 'dry-run', attempts: 0, durationMs: 0, preview }
  })
}

/** Stands in for the temporary credentials of a keyless dry run, which asks STS for none. */
const DRY_RUN_CREDENTIALS: AlibabaCredentials = {
  accessKeyId: 'STS.dry-run',
  accessKeySecret: 'dry-run',
  securityToken: 'dry-run'
}

/**
 * operation: delete as the action runs it: keyless credentials first when asked for, then the
 * dry run or the deletes.
 */
export async function runDeleteOperation(
  config: DeleteFlowsConfig,
  edge: EdgeDeps,
  delays: RetryDelays
): Promise<TargetResult[]> {
  const deps = defaultFnfDeps(edge.logger, edge.cancellation, config.maxRate)
  const { oidc } = config
  if (config.dryRun) {
    if (oidc) {
      edge.logger.info(
        `Dry run: would exchange the job's OIDC token (audience ${oidc.audience}) for ${oidc.roleArn} at ${oidc.stsEndpoint.origin}`
      )
    }
    return previewDeleteFlows(oidc ? { ...config, credentials: DRY_RUN_CREDENTIALS } : config, deps)
  }
  const location = config.region || config.endpoint.host
  edge.ledger.register(config.flowNames.map((name) => ({ name, action: 'DeleteFlow', location })))
  let credentials = config.credentials
  if (oidc) {
    const keyless = await keylessCredentials(
      oidc,
      edge.getIdToken,
      { retry: retryPolicy(config.maxAttempts, delays), timeoutMs: config.timeoutMs },
      {
        ...deps,
        maskSecret: edge.maskSecret
      }
    )
    if (!keyless.ok) {
      // Cancelled while getting credentials: no flow was touched.
      if (edge.cancellation.requested) return edge.ledger.snapshot()
      return failEveryTarget(
        config.flowNames,
        { action: 'DeleteFlow', location },
        keyless.failure,
        hintForFnfError(keyless.failure.code)
      )
    }
    credentials = keyless.value
  }
  return deleteFlows(
    { ...config, credentials },
    { ...deps, ...delays, ledger: edge.ledger, cancellation: edge.cancellation }
  )
}
