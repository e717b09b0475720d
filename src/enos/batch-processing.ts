/**
 * EnOS calls: an access token from the gateway's token service (one per run, shared by every
 * instance, masked the moment it arrives), then Batch Processing Service calls signed with it,
 * each attempt afresh. A signed call answered with HTTP 401 gets one new token and is sent again.
 */
import { describeNonJsonBody, parseJsonObject, responseFailure, stringField } from '../http/body.js'
import { exchange, type ExchangeDeps } from '../http/exchange.js'
import { Cancellation, sleepMs } from '../cancellation.js'
import { rateControllerFor } from '../http/rate-controller.js'
import { describeRequest } from '../http/redact.js'
import {
  logRetry,
  retryWithBackoff,
  type AttemptFailure,
  type AttemptResult,
  type RetryHooks,
  type RetryOutcome,
  type RetryPolicy
} from '../http/retry.js'
import { sendHttp, type HttpRequest, type HttpResponse } from '../http/send.js'
import type { Logger } from '../logger.js'
import { classifyEnosError, ENOS_ERRORS } from './errors.js'
import { apimSignature, tokenEncryption } from './sign.js'

export const TOKEN_PATH = '/apim-token-service/v2.0/token/get'
export const FLOW_INSTANCES_PATH = '/batch-processing-service/v2.1/flowInstances'
const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8'

export interface EnosCredentials {
  appKey: string
  appSecret: string
}

/** Flow instance statuses (List Flow Instances' FlowInstanceStatus table). */
export const FLOW_INSTANCE_STATUS: Readonly<Record<number, string>> = {
  [-1]: 'FAIL',
  0: 'INIT',
  1: 'SUCCESS',
  2: 'RUNNING',
  3: 'SUSPEND',
  4: 'INTERNAL_ERROR',
  5: 'WAIT',
  6: 'READY',
  7: 'TIMEOUT',
  8: 'CANCEL',
  9: 'RERUN',
  10: 'SKIP'
}
export const CANCELLED_STATUS = 8

export interface EnosSuccess {
  requestId?: string
  httpStatus: number
  data: unknown
}

/**
 * Read one EnOS answer. Never throws. The envelope's `code` (or `status`, which the token service
 * and the v2.0 APIs use) is 0 on success; a gateway error has only an HTTP status and, perhaps,
 * `{"message": …}`.
 */
export function interpretEnosResponse(response: HttpResponse, nowMs: number): AttemptResult<EnosSuccess> {
  const httpStatus = response.status
  const ok2xx = httpStatus >= 200 && httpStatus < 300
  const body = parseJsonObject(response.body)
  const requestId = body ? stringField(body, 'requestId', 'RequestId') : undefined
  const withRequestId = requestId ? { requestId } : {}
  // `stauts` is how the token service's documented sample spells `status`.
  const code = body ? stringField(body, 'code', 'status', 'stauts') : undefined
  if (code !== undefined && ok2xx) {
    if (code === '0') return { ok: true, value: { httpStatus, data: body?.['data'], ...withRequestId } }
    return responseFailure(
      {
        code,
        message: (body && stringField(body, 'msg', 'message')) ?? ENOS_ERRORS[code]?.message ?? 'no message',
        httpStatus,
        ...withRequestId
      },
      response,
      nowMs,
      classifyEnosError
    )
  }
  if (ok2xx) {
    // A success whose body cannot be read may still mean the call worked: retry, counted as maybe landed.
    return responseFailure(
      {
        code: 'InvalidResponse',
        message: `HTTP ${httpStatus} with ${body ? 'a JSON body without code or status' : describeNonJsonBody(response)}`,
        httpStatus,
        transience: 'transient',
        mayHaveLanded: true
      },
      response,
      nowMs,
      classifyEnosError
    )
  }
  const gatewayCode = `HTTP${httpStatus}`
  const message =
    (body && stringField(body, 'message', 'msg')) ??
    (body ? undefined : response.body.trim() === '' ? undefined : describeNonJsonBody(response)) ??
    ENOS_ERRORS[gatewayCode]?.message ??
    (response.statusText || 'no message')
  return responseFailure(
    { code: gatewayCode, message, httpStatus, ...withRequestId },
    response,
    nowMs,
    classifyEnosError
  )
}

export interface EnosClientOptions {
  apigw: URL
  credentials: EnosCredentials
  orgId: string
  userId: string
  timeoutMs: number
  retry: RetryPolicy
}

/** What the client needs from the outside world, injectable for tests. */
export interface EnosClientDeps extends RetryHooks, ExchangeDeps {
  logger: Logger
  /** Called with the access token the moment it arrives (core.setSecret at the edge). */
  maskSecret: (secret: string) => void
}

/** The service's name in the log. */
export const ENOS_SERVICE = 'The EnOS API gateway'

export const defaultEnosDeps = (
  logger: Logger,
  maskSecret: (secret: string) => void,
  cancellation: Cancellation = new Cancellation(),
  maxRate?: number
): EnosClientDeps => {
  const sleep = cancellation.sleeper(sleepMs)
  const cancelled = () => cancellation.requested
  return {
    logger,
    maskSecret,
    now: () => new Date(),
    send: sendHttp,
    sleep,
    random: Math.random,
    cancelled,
    limiter: rateControllerFor(ENOS_SERVICE, { logger, sleep, cancelled }, maxRate)
  }
}

/** The access token in a token-service answer, when it holds a non-empty one. */
function accessTokenOf(data: unknown): string | undefined {
  const token = data && typeof data === 'object' ? (data as Record<string, unknown>)['accessToken'] : undefined
  return typeof token === 'string' && token !== '' ? token : undefined
}

/**
 * Read a token-service answer. Envision's own samples read only `data.accessToken`, and the
 * documented sample spells the status field `stauts`: a 2xx with a token and no non-zero status,
 * however spelt, is a success.
 */
export function interpretTokenResponse(response: HttpResponse, nowMs: number): AttemptResult<string> {
  const body = parseJsonObject(response.body)
  const token = accessTokenOf(body?.['data'])
  const status = body ? stringField(body, 'status', 'stauts', 'code') : undefined
  if (token && response.status >= 200 && response.status < 300 && (status === undefined || status === '0')) {
    return { ok: true, value: token }
  }
  const result = interpretEnosResponse(response, nowMs)
  if (!result.ok) return result
  return {
    ok: false,
    failure: {
      code: 'InvalidResponse',
      message: 'the token service answered success without an accessToken',
      transience: 'transient',
      mayHaveLanded: false,
      httpStatus: response.status
    }
  }
}

/** A run renews its access token at most this often: a gateway that refuses every token is not asked forever. */
export const MAX_TOKEN_RENEWALS = 1

type TokenResult = { ok: true; token: string } | { ok: false; failure: AttemptFailure }

/**
 * The run's access token: fetched once, on first use (a run that sends nothing fetches none),
 * shared by every call; renewed at most MAX_TOKEN_RENEWALS times in the run, once however many
 * calls are refused at the same moment.
 */
export class EnosTokenProvider {
  private current?: Promise<TokenResult>
  private renewals = 0

  constructor(
    private readonly options: EnosClientOptions,
    private readonly deps: EnosClientDeps
  ) {}

  get(): Promise<TokenResult> {
    this.current ??= this.fetch()
    return this.current
  }

  /**
   * After the gateway refused `token`: `renewed` when a new token will be fetched, `retry` when
   * another call has renewed it meanwhile (send again with the current one), `exhausted` when the
   * run's renewals are used up.
   */
  async renew(token: string): Promise<'renewed' | 'retry' | 'exhausted'> {
    const before = this.current
    const result = await before
    if (this.current !== before || !result?.ok || result.token !== token) return 'retry'
    if (this.renewals >= MAX_TOKEN_RENEWALS) return 'exhausted'
    this.renewals++
    this.current = undefined
    return 'renewed'
  }

  private async fetch(): Promise<TokenResult> {
    const { appKey, appSecret } = this.options.credentials
    const outcome = await retryWithBackoff(
      async (attempt) => {
        // A fresh timestamp every attempt: the service refuses a repeated encryption (1001).
        const timestamp = this.deps.now().getTime()
        const request: HttpRequest = {
          method: 'POST',
          url: new URL(TOKEN_PATH, this.options.apigw).href,
          headers: { 'content-type': JSON_CONTENT_TYPE },
          body: JSON.stringify({ appKey, encryption: tokenEncryption(appKey, timestamp, appSecret), timestamp })
        }
        this.deps.logger.debug(`EnOS token: attempt ${attempt}: ${describeRequest(request)}`)
        const { result, response } = await exchange(
          request,
          { timeoutMs: this.options.timeoutMs },
          this.deps,
          interpretTokenResponse
        )
        if (response) this.deps.logger.debug(`HTTP ${response.status} from ${TOKEN_PATH}`)
        // Masked before anything else can print it.
        if (result.ok) this.deps.maskSecret(result.value)
        return result
      },
      this.options.retry,
      {
        sleep: this.deps.sleep,
        random: this.deps.random,
        onRetry: logRetry(this.deps.logger, 'EnOS token', this.options.retry),
        ...(this.deps.cancelled ? { cancelled: this.deps.cancelled } : {})
      }
    )
    if (!outcome.result.ok) return outcome.result
    this.deps.logger.debug('EnOS token: got an access token')
    return { ok: true, token: outcome.result.value }
  }
}

/** One signed call: its query parameters (all signed) and its JSON body, exactly as sent. */
export interface SignedCall {
  method: 'GET' | 'POST'
  path: string
  query: Record<string, string>
  body?: string
}

export function buildSignedRequest(
  call: SignedCall,
  apigw: URL,
  accessToken: string,
  appSecret: string,
  timestampMs: number
): HttpRequest {
  const search = Object.entries(call.query)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&')
  const body = call.body ?? ''
  return {
    method: call.method,
    url: `${new URL(call.path, apigw).href}?${search}`,
    headers: {
      'apim-accesstoken': accessToken,
      'apim-signature': apimSignature(accessToken, call.query, body, timestampMs, appSecret),
      'apim-timestamp': String(timestampMs),
      ...(call.body !== undefined ? { 'content-type': JSON_CONTENT_TYPE } : {})
    },
    ...(call.body !== undefined ? { body: call.body } : {})
  }
}

/** Cancel Flow Instance: action, userId and orgId in the query, the instance id in a JSON body. */
export function cancelFlowInstanceCall(
  flowInstanceId: string,
  { userId, orgId }: { userId: string; orgId: string }
): SignedCall {
  return {
    method: 'POST',
    path: FLOW_INSTANCES_PATH,
    query: { action: 'cancel', userId, orgId },
    body: JSON.stringify({ flowInstId: flowInstanceId })
  }
}

export class BatchProcessingClient {
  readonly tokens: EnosTokenProvider

  constructor(
    private readonly options: EnosClientOptions,
    private readonly deps: EnosClientDeps,
    tokens?: EnosTokenProvider
  ) {
    this.tokens = tokens ?? new EnosTokenProvider(options, deps)
  }

  /**
   * Send one call with retries. With `deadlineAt` (a wait's end), no attempt runs past it: its
   * timeout is cut to the time left, and no retry starts too late.
   */
  call(call: SignedCall, label: string, deadlineAt?: number): Promise<RetryOutcome<EnosSuccess>> {
    const msLeft = deadlineAt === undefined ? undefined : () => deadlineAt - this.deps.now().getTime()
    return retryWithBackoff((attempt) => this.attempt(call, label, attempt, msLeft), this.options.retry, {
      sleep: this.deps.sleep,
      random: this.deps.random,
      onRetry: logRetry(this.deps.logger, label, this.options.retry),
      ...(this.deps.cancelled ? { cancelled: this.deps.cancelled } : {}),
      ...(msLeft ? { msLeft } : {})
    })
  }

  private async attempt(
    call: SignedCall,
    label: string,
    attempt: number,
    msLeft?: () => number
  ): Promise<AttemptResult<EnosSuccess>> {
    for (let renewed = false; ; renewed = true) {
      const token = await this.tokens.get()
      if (!token.ok) {
        // The token provider has retried already; retrying the call would only ask it again.
        const { failure } = token
        return {
          ok: false,
          failure: {
            ...failure,
            message: `getting an access token failed: ${failure.message}`,
            transience: 'permanent'
          }
        }
      }
      const request = buildSignedRequest(
        call,
        this.options.apigw,
        token.token,
        this.options.credentials.appSecret,
        this.deps.now().getTime()
      )
      this.deps.logger.debug(`${label}: attempt ${attempt}: ${describeRequest(request)}`)
      const timeoutMs = Math.max(1, Math.min(this.options.timeoutMs, msLeft?.() ?? Infinity))
      const { result, response } = await exchange(request, { timeoutMs }, this.deps, interpretEnosResponse)
      if (response) this.deps.logger.debug(`${label}: attempt ${attempt}: HTTP ${response.status}`)
      const refused = !result.ok && (result.failure.code === 'HTTP401' || result.failure.code === '1203')
      if (refused && !renewed) {
        const renewal = await this.tokens.renew(token.token)
        if (renewal === 'renewed') {
          this.deps.logger.info(`${label}: the gateway refused the access token; fetching a new one`)
        }
        if (renewal !== 'exhausted') continue
      }
      return result
    }
  }

  cancelFlowInstance(flowInstanceId: string): Promise<RetryOutcome<EnosSuccess>> {
    return this.call(cancelFlowInstanceCall(flowInstanceId, this.options), `Cancel flow instance '${flowInstanceId}'`)
  }

  getFlowInstance(flowInstanceId: string, deadlineAt?: number): Promise<RetryOutcome<EnosSuccess>> {
    const { userId, orgId } = this.options
    return this.call(
      { method: 'GET', path: FLOW_INSTANCES_PATH, query: { action: 'get', flowInstId: flowInstanceId, userId, orgId } },
      `Get flow instance '${flowInstanceId}'`,
      deadlineAt
    )
  }
}

/** The status number of a Get Flow Instance answer, when it has one. */
export function flowInstanceStatus(success: EnosSuccess): number | undefined {
  const data = success.data
  if (!data || typeof data !== 'object') return undefined
  const status = (data as Record<string, unknown>)['status']
  return typeof status === 'number'
    ? status
    : typeof status === 'string' && /^-?\d+$/.test(status)
      ? Number(status)
      : undefined
}
