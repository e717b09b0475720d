/**
 * Batch Processing Service calls: each attempt signed afresh with the run's access token and sent
 * through the shared call helper; an answer that refuses the token (HTTP 401, 1203) gets the token
 * renewed and is sent once more.
 */
import type { AttemptResult, CallOutcome } from '../../http/attempt.js'
import { sendAgainOnce, ServiceClient, type ClientDeps } from '../../http/call.js'
import { exchange } from '../../http/exchange.js'
import { describeRequest } from '../../http/redact.js'
import type { RetryPolicy } from '../../http/retry.js'
import type { EnosTokenProvider } from './credentials.js'
import {
  buildSignedRequest,
  cancelFlowInstanceCall,
  disableFlowCall,
  enableFlowCall,
  getFlowCall,
  getFlowInstanceCall,
  searchFlowInstancesCall,
  serverTimeCall,
  type InstanceSearch,
  type EnosCaller,
  type EnosCredentials,
  type SignedCall
} from './request.js'
import { interpretEnosResponse, type EnosSuccess } from './response.js'

export interface EnosClientOptions extends EnosCaller {
  apigw: URL
  credentials: EnosCredentials
  timeoutMs: number
  retry: RetryPolicy
}

const TOKEN_REFUSED = new Set(['HTTP401', '1203'])

export class BatchProcessingClient extends ServiceClient<SignedCall, EnosSuccess> {
  constructor(
    private readonly options: EnosClientOptions,
    deps: ClientDeps,
    readonly tokens: EnosTokenProvider
  ) {
    super(options, deps)
  }

  cancelFlowInstance(id: string): Promise<CallOutcome<EnosSuccess>> {
    return this.call(cancelFlowInstanceCall(id, this.options), `Cancel flow instance '${id}'`)
  }

  getFlowInstance(id: string, deadlineAt?: number): Promise<CallOutcome<EnosSuccess>> {
    return this.call(getFlowInstanceCall(id, this.options), `Get flow instance '${id}'`, deadlineAt)
  }

  searchFlowInstances(search: InstanceSearch): Promise<CallOutcome<EnosSuccess>> {
    return this.call(
      searchFlowInstancesCall(search, this.options),
      `List flow instances of flow ${search.expression} (type ${search.type}, page ${search.pageNo})`
    )
  }

  getFlow(flowId: number): Promise<CallOutcome<EnosSuccess>> {
    return this.call(getFlowCall(flowId, this.options), `Get flow ${flowId}`)
  }

  disableFlow(flowId: number): Promise<CallOutcome<EnosSuccess>> {
    return this.call(disableFlowCall(flowId, this.options), `Disable flow ${flowId}`)
  }

  enableFlow(flowId: number): Promise<CallOutcome<EnosSuccess>> {
    return this.call(enableFlowCall(flowId, this.options), `Enable flow ${flowId}`)
  }

  /** The gateway's clock (epoch ms) or zone ("GMT+8"): what its time strings, which name no zone, mean. */
  serverTime(action: 'getCurrentTime' | 'getTimeZone'): Promise<CallOutcome<EnosSuccess>> {
    return this.call(serverTimeCall(action), action === 'getCurrentTime' ? 'Get Current Time' : 'Get Time Zone')
  }

  protected async attempt(
    call: SignedCall,
    label: string,
    attempt: number,
    timeoutMs: number
  ): Promise<AttemptResult<EnosSuccess>> {
    let token = ''
    const send = async (): Promise<AttemptResult<EnosSuccess>> => {
      const current = await this.tokens.get()
      if (!current.ok) {
        // The token provider has retried already; retrying the call would only ask it again.
        const { failure } = current
        return {
          ok: false,
          failure: {
            ...failure,
            message: `getting an access token failed: ${failure.message}`,
            transience: 'permanent'
          }
        }
      }
      token = current.value
      const request = buildSignedRequest(
        call,
        this.options.apigw,
        token,
        this.options.credentials.appSecret,
        this.deps.now()
      )
      this.deps.logger.debug(`${label}: attempt ${attempt}: ${describeRequest(request)}`)
      const { result, response } = await exchange(request, { timeoutMs }, this.deps, interpretEnosResponse)
      if (response) this.deps.logger.debug(`${label}: attempt ${attempt}: HTTP ${response.status}`)
      if (response && !TOKEN_REFUSED.has(result.ok ? '' : result.failure.code)) this.tokens.accepted(token)
      return result
    }
    return sendAgainOnce(send, async (first) => {
      if (first.ok || !TOKEN_REFUSED.has(first.failure.code) || token === '') return false
      const renewal = await this.tokens.renew(token)
      if (renewal === 'renewed')
        this.deps.logger.info(`${label}: the gateway refused the access token; fetching a new one`)
      return renewal !== 'exhausted'
    })
  }
}
