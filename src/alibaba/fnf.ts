/**
 * Serverless Workflow (fnf, API 2019-03-15) calls: build and sign each attempt afresh (new
 * timestamp and nonce), send it, and read the answer the way Alibaba's SDKs do (a JSON body with
 * a Code is an error even on HTTP 200).
 */
import { randomUUID } from 'node:crypto'
import { describeRequest } from '../http/redact.js'
import {
  logRetry,
  retryWithBackoff,
  type AttemptResult,
  type RetryHooks,
  type RetryOutcome,
  type RetryPolicy
} from '../http/retry.js'
import { describeNonJsonBody, parseJsonObject, responseFailure, stringField } from '../http/body.js'
import { exchange, type ExchangeDeps } from '../http/exchange.js'
import { Cancellation, sleepMs } from '../cancellation.js'
import { rateControllerFor } from '../http/rate-controller.js'
import { sendHttp, type HttpRequest, type HttpResponse } from '../http/send.js'
import type { Logger } from '../logger.js'
import { classifyFnfError } from './errors.js'
import { percentEncode } from './percent-encode.js'
import { signRpcV1 } from './sign-v1.js'
import { sha256Hex } from '../hash.js'
import { signAcs3 } from './sign-v3.js'

export const FNF_API_VERSION = '2019-03-15'

export interface AlibabaCredentials {
  accessKeyId: string
  accessKeySecret: string
  securityToken?: string
}

export type SignatureVersion = 'v1' | 'v3'

/** One RPC call: the action and its business parameters, and where they travel. */
export interface RpcCall {
  action: string
  method: 'GET' | 'POST'
  /** Parameters sent in the query string. */
  query?: Record<string, string>
  /** Parameters sent as an application/x-www-form-urlencoded body. */
  form?: Record<string, string>
}

export interface SigningContext {
  endpoint: URL
  credentials: AlibabaCredentials
  signatureVersion: SignatureVersion
  apiVersion: string
  timestamp: Date
  nonce: string
}

/** `2023-03-13T08:34:30Z`: ISO 8601 UTC without milliseconds, as both signature versions want. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** A fresh nonce per attempt, as the spec requires (32 hex digits, like the SDKs' own). */
export function newNonce(): string {
  return randomUUID().replace(/-/g, '')
}

function encodeForm(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`)
    .join('&')
}

function withQuery(endpoint: URL, params: Record<string, string>): string {
  const query = encodeForm(params)
  return `${endpoint.origin}/${query ? `?${query}` : ''}`
}

/**
 * V1 the way Alibaba's current generated SDK (openapi-client, signatureAlgorithm v2) sends it:
 * the common parameters and the Signature in the query, business parameters where the call puts
 * them; every parameter, query and body alike, is signed.
 */
function buildV1Request(call: RpcCall, ctx: SigningContext): HttpRequest {
  const { credentials } = ctx
  const query: Record<string, string> = {
    Action: call.action,
    Format: 'json',
    Version: ctx.apiVersion,
    Timestamp: formatTimestamp(ctx.timestamp),
    SignatureNonce: ctx.nonce,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    AccessKeyId: credentials.accessKeyId,
    ...(credentials.securityToken ? { SecurityToken: credentials.securityToken } : {}),
    ...call.query
  }
  const form = call.form ?? {}
  query['Signature'] = signRpcV1(call.method, { ...query, ...form }, credentials.accessKeySecret)
  const hasBody = Object.keys(form).length > 0
  return {
    method: call.method,
    url: withQuery(ctx.endpoint, query),
    headers: hasBody ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    ...(hasBody ? { body: encodeForm(form) } : {})
  }
}

/** V3 (ACS3-HMAC-SHA256): everything identifying the call is in signed x-acs-* headers. */
function buildV3Request(call: RpcCall, ctx: SigningContext): HttpRequest {
  const { credentials } = ctx
  const query = call.query ?? {}
  const form = call.form ?? {}
  const hasBody = Object.keys(form).length > 0
  const body = hasBody ? encodeForm(form) : ''
  const headers: Record<string, string> = {
    host: ctx.endpoint.host,
    'x-acs-action': call.action,
    'x-acs-version': ctx.apiVersion,
    'x-acs-date': formatTimestamp(ctx.timestamp),
    'x-acs-signature-nonce': ctx.nonce,
    'x-acs-content-sha256': sha256Hex(body),
    ...(hasBody ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    ...(credentials.securityToken ? { 'x-acs-security-token': credentials.securityToken } : {})
  }
  headers['authorization'] = signAcs3(
    { method: call.method, pathname: '/', query, headers, payloadHash: headers['x-acs-content-sha256']! },
    credentials.accessKeyId,
    credentials.accessKeySecret
  )
  return {
    method: call.method,
    url: withQuery(ctx.endpoint, query),
    headers,
    ...(hasBody ? { body } : {})
  }
}

export function buildRpcRequest(call: RpcCall, ctx: SigningContext): HttpRequest {
  return ctx.signatureVersion === 'v3' ? buildV3Request(call, ctx) : buildV1Request(call, ctx)
}

export interface FnfSuccess {
  requestId?: string
  httpStatus: number
  body: Record<string, unknown>
}

/** pop-core's list of Code values that mean success. */
const SUCCESS_CODES = new Set(['200', 'OK', 'Success', 'success'])

/** Read one fnf answer. Never throws: any body, of any shape, becomes a success or a failure. */
export function interpretFnfResponse(response: HttpResponse, nowMs: number): AttemptResult<FnfSuccess> {
  const httpStatus = response.status
  const headerRequestId = response.headers['x-acs-request-id']
  const body = parseJsonObject(response.body)
  if (body === undefined) {
    const ok2xx = httpStatus >= 200 && httpStatus < 300
    return responseFailure(
      {
        code: ok2xx ? 'InvalidResponse' : 'HttpError',
        message: `HTTP ${httpStatus}${response.statusText ? ` ${response.statusText}` : ''} with ${describeNonJsonBody(response)}`,
        httpStatus,
        ...(headerRequestId ? { requestId: headerRequestId } : {}),
        // A 2xx we cannot read may still mean the call worked: retry, and count it as maybe landed.
        ...(ok2xx ? { transience: 'transient' as const, mayHaveLanded: true } : {})
      },
      response,
      nowMs,
      classifyFnfError
    )
  }
  const requestId = stringField(body, 'RequestId', 'requestId') ?? headerRequestId
  const code = stringField(body, 'Code', 'code')
  if (code !== undefined && !SUCCESS_CODES.has(code)) {
    const message = stringField(body, 'Message', 'message')
    return responseFailure(
      {
        code,
        message: message === undefined ? `HTTP ${httpStatus} without a message` : withoutStringToSign(message),
        httpStatus,
        ...(requestId ? { requestId } : {})
      },
      response,
      nowMs,
      classifyFnfError
    )
  }
  if (httpStatus < 200 || httpStatus >= 300) {
    return responseFailure(
      {
        code: 'HttpError',
        message: `HTTP ${httpStatus}${response.statusText ? ` ${response.statusText}` : ''} with a JSON body that has no error code`,
        httpStatus,
        ...(requestId ? { requestId } : {})
      },
      response,
      nowMs,
      classifyFnfError
    )
  }
  return { ok: true, value: { httpStatus, body, ...(requestId ? { requestId } : {}) } }
}

/**
 * The gateway's SignatureDoesNotMatch message repeats its string to sign, which holds every
 * parameter of the request, the AccessKeyId and SecurityToken among them (percent-encoded twice).
 * It is left out: the hint says what to check, and the secrets must not reach a log.
 */
export function withoutStringToSign(message: string): string {
  return message.replace(
    /(string to sign is:?)[\s\S]*$/i,
    "$1 (left out here: it repeats the request's parameters, credentials among them)"
  )
}

export interface FnfClientOptions {
  endpoint: URL
  credentials: AlibabaCredentials
  signatureVersion: SignatureVersion
  timeoutMs: number
  retry: RetryPolicy
}

/** What the client needs from the outside world, injectable for tests. */
export interface FnfClientDeps extends RetryHooks, ExchangeDeps {
  logger: Logger
  nonce: () => string
}

/** The service's name in the log. */
export const FNF_SERVICE = 'Serverless Workflow'

export const defaultFnfDeps = (
  logger: Logger,
  cancellation: Cancellation = new Cancellation(),
  maxRate?: number
): FnfClientDeps => {
  const sleep = cancellation.sleeper(sleepMs)
  const cancelled = () => cancellation.requested
  return {
    logger,
    now: () => new Date(),
    nonce: newNonce,
    send: sendHttp,
    sleep,
    random: Math.random,
    cancelled,
    limiter: rateControllerFor(FNF_SERVICE, { logger, sleep, cancelled }, maxRate)
  }
}

/** DeleteFlow as the current API metadata describes it: POST, Name (and RequestId) in a form body. */
export function deleteFlowCall(name: string, requestId?: string): RpcCall {
  return { action: 'DeleteFlow', method: 'POST', form: { Name: name, ...(requestId ? { RequestId: requestId } : {}) } }
}

/** The answers that mean the request's timestamp was too far from the service's clock. */
const CLOCK_SKEW_CODES = new Set(['RequestTimeTooSkewed', 'InvalidTimeStamp.Expired'])
const MIN_CORRECTED_OFFSET_MS = 60_000

export class FnfClient {
  /** Service time minus the runner's, once a skew error has shown it; shared by every call of the run. */
  private clockOffsetMs = 0

  constructor(
    private readonly options: FnfClientOptions,
    private readonly deps: FnfClientDeps
  ) {}

  /**
   * Send one call with retries; each attempt is signed afresh. With `deadlineAt` (a wait's end),
   * no attempt runs past it: its timeout is cut to the time left, and no retry starts too late.
   */
  call(call: RpcCall, label: string, deadlineAt?: number): Promise<RetryOutcome<FnfSuccess>> {
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
    call: RpcCall,
    label: string,
    attempt: number,
    msLeft?: () => number
  ): Promise<AttemptResult<FnfSuccess>> {
    for (let resent = false; ; resent = true) {
      const offsetMs = this.clockOffsetMs
      const request = buildRpcRequest(call, {
        endpoint: this.options.endpoint,
        credentials: this.options.credentials,
        signatureVersion: this.options.signatureVersion,
        apiVersion: FNF_API_VERSION,
        timestamp: new Date(this.deps.now().getTime() + offsetMs),
        nonce: this.deps.nonce()
      })
      this.deps.logger.debug(`${label}: attempt ${attempt}: ${describeRequest(request)}`)
      const timeoutMs = Math.max(1, Math.min(this.options.timeoutMs, msLeft?.() ?? Infinity))
      const { result, response } = await exchange(request, { timeoutMs }, this.deps, interpretFnfResponse)
      if (response) this.deps.logger.debug(`${label}: attempt ${attempt}: HTTP ${response.status}`)
      const skewed = !result.ok && CLOCK_SKEW_CODES.has(result.failure.code)
      // Re-sign once with the service's time; another call may have learnt the offset meanwhile.
      if (skewed && !resent && response && (offsetMs !== this.clockOffsetMs || this.learnClockOffset(response))) {
        continue
      }
      return result
    }
  }

  /** Takes the offset from the answer's Date header; false when there is none to take. */
  private learnClockOffset(response: HttpResponse): boolean {
    const serverTime = Date.parse(response.headers['date'] ?? '')
    if (Number.isNaN(serverTime)) return false
    const offsetMs = serverTime - this.deps.now().getTime()
    // Within a minute the clocks agree as far as a Date header can tell: re-signing would not help.
    if (Math.abs(offsetMs) < MIN_CORRECTED_OFFSET_MS) return false
    this.clockOffsetMs = offsetMs
    const seconds = Math.round(Math.abs(this.clockOffsetMs) / 1000)
    this.deps.logger.warning(
      `The runner's clock is ${seconds} s ${this.clockOffsetMs > 0 ? 'behind' : 'ahead of'} Alibaba Cloud's (from the service's Date header); requests are signed with the service's time from now on. Check the runner's time synchronisation (NTP).`
    )
    return true
  }

  deleteFlow(name: string, requestId?: string): Promise<RetryOutcome<FnfSuccess>> {
    return this.call(deleteFlowCall(name, requestId), `DeleteFlow '${name}'`)
  }

  describeFlow(name: string, deadlineAt?: number): Promise<RetryOutcome<FnfSuccess>> {
    return this.call(
      { action: 'DescribeFlow', method: 'GET', query: { Name: name } },
      `DescribeFlow '${name}'`,
      deadlineAt
    )
  }
}
