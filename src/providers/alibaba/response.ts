/**
 * Reading an Alibaba Cloud RPC answer the way Alibaba's SDKs do: a JSON body with a Code is an
 * error even on HTTP 200 (pop-core's rule); Code, Message and RequestId may be spelt in either
 * case. Never throws: any body, of any shape, becomes a success or a failure.
 */
import type { AttemptResult, Transience } from '../../http/attempt.js'
import { describeNonJsonBody, parseJsonObject, responseFailure, stringField } from '../../http/body.js'
import type { HttpResponse } from '../../http/send.js'
import { notAPage, type Page } from '../../http/paging.js'

export interface RpcSuccess {
  requestId?: string
  httpStatus: number
  body: Record<string, unknown>
  /** When the service answered, by its own clock (its Date header), if it said. */
  serviceTime?: number
}

/** Whether retrying a code can help: each service's catalogue decides (errors.ts). */
export type Classifier = (code: string, httpStatus: number | undefined) => Transience

/** pop-core's list of Code values that mean success. */
const SUCCESS_CODES = new Set(['200', 'OK', 'Success', 'success'])

function statusLine(response: HttpResponse): string {
  return `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`
}

export function interpretRpcResponse(
  response: HttpResponse,
  nowMs: number,
  classify: Classifier
): AttemptResult<RpcSuccess> {
  const httpStatus = response.status
  const headerRequestId = response.headers['x-acs-request-id']
  const body = parseJsonObject(response.body)
  if (body === undefined) {
    const ok2xx = httpStatus >= 200 && httpStatus < 300
    return responseFailure(
      {
        code: ok2xx ? 'InvalidResponse' : 'HttpError',
        message: `${statusLine(response)} with ${describeNonJsonBody(response)}`,
        httpStatus,
        ...(headerRequestId ? { requestId: headerRequestId } : {}),
        // A 2xx we cannot read may still mean the call worked: retry, and count it as maybe landed.
        ...(ok2xx ? { transience: 'transient' as const, mayHaveLanded: true } : {})
      },
      response,
      nowMs,
      classify
    )
  }
  const requestId = stringField(body, 'RequestId', 'requestId') ?? headerRequestId
  const withRequestId = requestId ? { requestId } : {}
  const code = stringField(body, 'Code', 'code')
  if (code !== undefined && !SUCCESS_CODES.has(code)) {
    const message = stringField(body, 'Message', 'message')
    return responseFailure(
      {
        code,
        message: message === undefined ? `HTTP ${httpStatus} without a message` : withoutStringToSign(message),
        httpStatus,
        ...withRequestId
      },
      response,
      nowMs,
      classify
    )
  }
  if (httpStatus < 200 || httpStatus >= 300) {
    return responseFailure(
      {
        code: 'HttpError',
        message: `${statusLine(response)} with a JSON body that has no error code`,
        httpStatus,
        ...withRequestId
      },
      response,
      nowMs,
      classify
    )
  }
  const serviceTime = Date.parse(response.headers['date'] ?? '')
  return {
    ok: true,
    value: { httpStatus, body, ...withRequestId, ...(Number.isNaN(serviceTime) ? {} : { serviceTime }) }
  }
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

/**
 * One page of a List* answer: the objects under `itemsKey` (none when the key is absent) and the
 * NextToken, which ends the listing only when absent or empty. Anything else is not a page.
 */
export function rpcPage(success: RpcSuccess, itemsKey: string): AttemptResult<Page<Record<string, unknown>>> {
  const items = success.body[itemsKey] ?? []
  const next = success.body['NextToken'] ?? success.body['nextToken']
  if (
    !Array.isArray(items) ||
    !items.every((item) => item !== null && typeof item === 'object') ||
    (next !== undefined && next !== null && typeof next !== 'string')
  ) {
    return notAPage(success, `a body that is not a page of ${itemsKey} (a list of objects and a NextToken)`)
  }
  return {
    ok: true,
    value: {
      items: items as Record<string, unknown>[],
      next: typeof next === 'string' && next !== '' ? next : undefined
    }
  }
}
