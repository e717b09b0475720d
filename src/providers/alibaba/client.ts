/**
 * Serverless Workflow calls: each attempt signed afresh and sent through the shared call helper;
 * an answer that says the request's time was too far from the service's is signed once more with
 * the service's time (from its Date header), which every later call of the run keeps.
 */
import type { AttemptResult, CallOutcome } from '../../http/attempt.js'
import { sendAgainOnce, ServiceClient, type ClientDeps } from '../../http/call.js'
import { exchange } from '../../http/exchange.js'
import { RESPONSE_TOO_LARGE } from '../../http/failures.js'
import { describeRequest } from '../../http/redact.js'
import type { RetryPolicy } from '../../http/retry.js'
import type { HttpResponse } from '../../http/send.js'
import { TOKEN_EXPIRED } from './credentials.js'
import { classifyFnfError } from './errors.js'
import {
  buildRpcRequest,
  createFlowCall,
  createScheduleCall,
  deleteFlowCall,
  deleteScheduleCall,
  describeFlowCall,
  FNF_API_VERSION,
  listExecutionsCall,
  listFlowsCall,
  listSchedulesCall,
  stopExecutionCall,
  type ListFlowsOptions,
  type RpcCall,
  type SignatureVersion,
  type KeySource
} from './request.js'
import { interpretRpcResponse, type RpcSuccess } from './response.js'

export interface FnfClientOptions {
  endpoint: URL
  /** The keys each request is signed with, renewed when they near their end (keyless). */
  keys: KeySource
  signatureVersion: SignatureVersion
  timeoutMs: number
  retry: RetryPolicy
}

/** A client's deps, and a fresh nonce for every attempt. */
export interface FnfClientDeps extends ClientDeps {
  nonce: () => string
}

/** The answers that mean the request's timestamp was too far from the service's clock. */
const CLOCK_SKEW_CODES = new Set(['RequestTimeTooSkewed', 'InvalidTimeStamp.Expired'])
const MIN_CORRECTED_OFFSET_MS = 60_000

const interpretFnfResponse = (response: HttpResponse, nowMs: number) =>
  interpretRpcResponse(response, nowMs, classifyFnfError)

export class FnfClient extends ServiceClient<RpcCall, RpcSuccess> {
  /** Service time minus the runner's, once a skew error has shown it; shared by every call of the run. */
  private clockOffsetMs = 0

  constructor(
    private readonly options: FnfClientOptions,
    protected override readonly deps: FnfClientDeps
  ) {
    super(options, deps)
  }

  deleteFlow(name: string, requestId?: string): Promise<CallOutcome<RpcSuccess>> {
    return this.call(deleteFlowCall(name, requestId), `DeleteFlow '${name}'`)
  }

  describeFlow(name: string, deadlineAt?: number): Promise<CallOutcome<RpcSuccess>> {
    return this.call(describeFlowCall(name), `DescribeFlow '${name}'`, deadlineAt)
  }

  listFlows(nextToken?: string, options: ListFlowsOptions = {}): Promise<CallOutcome<RpcSuccess>> {
    return this.call(listFlowsCall(nextToken, options), 'ListFlows')
  }

  /** The service's time now as far as the run knows it: the runner's clock with any skew correction learnt. */
  serviceNow(): number {
    return this.deps.now() + this.clockOffsetMs
  }

  listSchedules(flow: string, nextToken?: string): Promise<CallOutcome<RpcSuccess>> {
    return this.call(listSchedulesCall(flow, nextToken), `ListSchedules of '${flow}'`)
  }

  deleteSchedule(flow: string, schedule: string): Promise<CallOutcome<RpcSuccess>> {
    return this.call(deleteScheduleCall(flow, schedule), `DeleteSchedule '${schedule}' of '${flow}'`)
  }

  listExecutions(flow: string, status: string, nextToken?: string): Promise<CallOutcome<RpcSuccess>> {
    return this.call(listExecutionsCall(flow, status, nextToken), `ListExecutions of '${flow}'`)
  }

  stopExecution(flow: string, execution: string, cause: string, error: string): Promise<CallOutcome<RpcSuccess>> {
    return this.call(stopExecutionCall(flow, execution, cause, error), `StopExecution '${execution}' of '${flow}'`)
  }

  createFlow(params: Record<string, string>): Promise<CallOutcome<RpcSuccess>> {
    return this.call(createFlowCall(params), `CreateFlow '${params['Name'] ?? ''}'`)
  }

  createSchedule(params: Record<string, string>): Promise<CallOutcome<RpcSuccess>> {
    return this.call(
      createScheduleCall(params),
      `CreateSchedule '${params['ScheduleName'] ?? ''}' of '${params['FlowName'] ?? ''}'`
    )
  }

  protected async attempt(
    call: RpcCall,
    label: string,
    attempt: number,
    timeoutMs: number
  ): Promise<AttemptResult<RpcSuccess>> {
    const fresh = await this.options.keys.current()
    if (!fresh.ok) return fresh
    let keys = fresh.value
    let renewalFailed: AttemptResult<RpcSuccess> | undefined
    let offsetMs = this.clockOffsetMs
    const send = async () => {
      offsetMs = this.clockOffsetMs
      const request = buildRpcRequest(call, {
        endpoint: this.options.endpoint,
        credentials: keys,
        signatureVersion: this.options.signatureVersion,
        apiVersion: FNF_API_VERSION,
        timestamp: new Date(this.deps.now() + offsetMs),
        nonce: this.deps.nonce()
      })
      this.deps.logger.debug(`${label}: attempt ${attempt}: ${describeRequest(request)}`)
      const sent = await exchange(request, { timeoutMs }, this.deps, interpretFnfResponse)
      if (sent.response) this.deps.logger.debug(`${label}: attempt ${attempt}: HTTP ${sent.response.status}`)
      return sent
    }
    const sent = await sendAgainOnce(send, async ({ result: first, response }) => {
      if (first.ok || !response) return false
      if (first.failure.code === TOKEN_EXPIRED) {
        // Keyless credentials are renewed and the request signed again with them; keys given cannot be.
        const renewed = await this.options.keys.expired(keys)
        if (renewed.ok) keys = renewed.value
        else renewalFailed = renewed
        return renewed.ok
      }
      if (!CLOCK_SKEW_CODES.has(first.failure.code)) return false
      // Another call may have learnt the offset meanwhile; else learn it from this answer.
      return offsetMs !== this.clockOffsetMs || this.learnClockOffset(response)
    })
    const result = renewalFailed ?? sent.result
    // A ListFlows page too large to read is not asked for again as it was: the selection asks for a smaller one.
    if (
      !result.ok &&
      result.failure.code === RESPONSE_TOO_LARGE &&
      call.action === 'ListFlows' &&
      Number(call.query?.['Limit']) > 1
    ) {
      return { ok: false, failure: { ...result.failure, transience: 'permanent' } }
    }
    return result
  }

  /** Takes the offset from the answer's Date header; false when there is none worth taking. */
  private learnClockOffset(response: HttpResponse): boolean {
    const serverTime = Date.parse(response.headers['date'] ?? '')
    if (Number.isNaN(serverTime)) return false
    const offsetMs = serverTime - this.deps.now()
    // Within a minute the clocks agree as far as a Date header can tell: re-signing would not help.
    if (Math.abs(offsetMs) < MIN_CORRECTED_OFFSET_MS) return false
    this.clockOffsetMs = offsetMs
    const seconds = Math.round(Math.abs(offsetMs) / 1000)
    this.deps.logger.warning(
      `The runner's clock is ${seconds} s ${offsetMs > 0 ? 'behind' : 'ahead of'} Alibaba Cloud's (from the service's Date header); requests are signed with the service's time from now on. Check the runner's time synchronisation (NTP).`
    )
    return true
  }
}
