/**
 * Reading EnOS answers. Never throws. The Batch Processing envelope's `code` (or `status`, which
 * the token service and the v2.0 APIs use) is 0 on success; a gateway error has only an HTTP status
 * and, perhaps, `{"message": …}`. Docs:
 * https://support.enos-iot.com/docs/batch-processing-api/en/2.3.0/v2.1/overview.html and
 * https://support.enos-iot.com/docs/apim/en/2.4.0/token/index.html
 */
import type { AttemptResult } from '../../http/attempt.js'
import { describeNonJsonBody, parseJsonObject, responseFailure, stringField } from '../../http/body.js'
import type { HttpResponse } from '../../http/send.js'
import { fractionMs, wallClockMs } from '../../config/ages.js'
import { notAPage } from '../../http/paging.js'
import { classifyEnosError, ENOS_ERRORS } from './errors.js'

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

/** How long a token answer says its token lasts (`data.expire`, seconds), when it says. */
export function tokenLifetimeMs(response: HttpResponse): number | undefined {
  const data = parseJsonObject(response.body)?.['data']
  const expire = data && typeof data === 'object' ? (data as Record<string, unknown>)['expire'] : undefined
  return typeof expire === 'number' && Number.isFinite(expire) && expire > 0 ? expire * 1000 : undefined
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

/** One flow instance as a search answers it: the fields a teardown reads. */
export interface FoundInstance {
  instanceId: string
  flowId: number | undefined
  status: number | undefined
  triggerTime?: string
  /** When it started, as the gateway wrote it: `2019-08-12 08:07:30`, in the gateway's zone. */
  startTime?: string
}

const numberOf = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value)
    ? value
    : typeof value === 'string' && /^-?\d+$/.test(value)
      ? Number(value)
      : undefined

/**
 * One page of a List Flow Instances answer: `data.flowInsts` (and `data.count`, which the listing
 * does not rely on: see selection.ts). Data without either is not a page.
 */
export function searchPage(success: EnosSuccess): AttemptResult<{ instances: FoundInstance[]; count?: number }> {
  const data = success.data
  const record =
    data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined
  const list = record?.['flowInsts'] ?? []
  const count = numberOf(record?.['count'])
  if (!record || !Array.isArray(list) || (record['flowInsts'] === undefined && count === undefined)) {
    return notAPage(success, 'data that is not a page of flow instances (flowInsts and count)')
  }
  const instances = list.flatMap((item: unknown): FoundInstance[] => {
    if (!item || typeof item !== 'object') return []
    const fields = item as Record<string, unknown>
    const instanceId = fields['instanceId']
    if (typeof instanceId !== 'string') return []
    const triggerTime = fields['triggerTime']
    const startTime = fields['startTime']
    return [
      {
        instanceId,
        flowId: numberOf(fields['flowId']),
        status: numberOf(fields['status']),
        ...(typeof triggerTime === 'string' ? { triggerTime } : {}),
        ...(typeof startTime === 'string' ? { startTime } : {})
      }
    ]
  })
  return { ok: true, value: { instances, ...(count !== undefined ? { count } : {}) } }
}

/** EnOS' time strings: `2019-08-12 08:07:22` or `2019-07-22 08:56:35.0`, with no zone. */
const ENOS_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/

/**
 * An EnOS time string read in the gateway's zone (minutes east of UTC), as epoch ms; undefined
 * for anything else, a day that does not exist included.
 */
export function parseEnosTime(text: string, zoneMinutes: number): number | undefined {
  const m = ENOS_TIME.exec(text)
  const wall = m ? wallClockMs(m.slice(1, 7)) : undefined
  return wall === undefined ? undefined : wall + fractionMs(m![7]) - zoneMinutes * 60_000
}

/** Get Time Zone's `GMT+8` (also `GMT-3:30`, `GMT+0530`, `UTC`) as minutes east of UTC; undefined otherwise. */
export function parseGmtZone(text: string): number | undefined {
  if (/^(GMT|UTC)$/i.test(text)) return 0
  const m = /^(?:GMT|UTC)([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(text.trim())
  if (!m) return undefined
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? '0')
  if (minutes > 14 * 60) return undefined
  return (m[1] === '-' ? -1 : 1) * minutes
}
