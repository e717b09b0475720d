/**
 * EnOS requests: the token request, and Batch Processing Service calls signed with the access
 * token as the documented token authentication prescribes
 * (https://support.enos-iot.com/docs/apim/en/2.4.0/token/index.html), built afresh for every
 * attempt (a new timestamp).
 */
import type { HttpRequest } from '../../http/send.js'
import { apimSignature, tokenEncryption } from './sign.js'

export const TOKEN_PATH = '/apim-token-service/v2.0/token/get'
export const FLOW_INSTANCES_PATH = '/batch-processing-service/v2.1/flowInstances'
export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8'

/** The application's AccessKey and SecretKey (Application Registration). */
export interface EnosCredentials {
  appKey: string
  appSecret: string
}

/** Who calls, on whose behalf. */
export interface EnosCaller {
  userId: string
  orgId: string
}

/** token/get: `encryption` = sha256(appKey + timestamp + appSecret), a fresh timestamp each time. */
export function buildTokenRequest(
  apigw: URL,
  { appKey, appSecret }: EnosCredentials,
  timestampMs: number
): HttpRequest {
  return {
    method: 'POST',
    url: new URL(TOKEN_PATH, apigw).href,
    headers: { 'content-type': JSON_CONTENT_TYPE },
    body: JSON.stringify({
      appKey,
      encryption: tokenEncryption(appKey, timestampMs, appSecret),
      timestamp: timestampMs
    })
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
export function cancelFlowInstanceCall(flowInstanceId: string, { userId, orgId }: EnosCaller): SignedCall {
  return {
    method: 'POST',
    path: FLOW_INSTANCES_PATH,
    query: { action: 'cancel', userId, orgId },
    body: JSON.stringify({ flowInstId: flowInstanceId })
  }
}

/** Get Flow Instance: everything in the query. */
export function getFlowInstanceCall(flowInstanceId: string, { userId, orgId }: EnosCaller): SignedCall {
  return {
    method: 'GET',
    path: FLOW_INSTANCES_PATH,
    query: { action: 'get', flowInstId: flowInstanceId, userId, orgId }
  }
}

export const FLOWS_PATH = '/batch-processing-service/v2.1/flows'
/** Instances a search page asks for. */
export const SEARCH_PAGE_SIZE = 100

/** One List Flow Instances search: one scheduling type, a trigger-time window, some statuses, one page. */
export interface InstanceSearch {
  /** 0 manual, 1 periodic, 2 temporary: the API takes one per search. */
  type: number
  /** A fuzzy match on instance id and flow name: the flow id, whose instances' ids start with it. */
  expression: string
  fromTriggerTime: number
  toTriggerTime: number
  statuses: readonly number[]
  pageNo: number
}

/**
 * List Flow Instances (action=search). The docs' parameter table names the time window
 * fromTriggerTime / toTriggerTime (their Java sample sends startTriggerTime / endTriggerTime);
 * the table is followed. `owner` "" is no filter on the owner (the Chinese 3.0.0 page says so).
 * No sorters: the docs name the sort fields in camelCase (the error table's triggerTime) and in
 * snake_case (the v2.1 samples' start_time), and a gateway refuses the other with 62102; sorting
 * is optional, so none is sent and the runner orders what it reads.
 */
export function searchFlowInstancesCall(search: InstanceSearch, { userId, orgId }: EnosCaller): SignedCall {
  return {
    method: 'POST',
    path: FLOW_INSTANCES_PATH,
    query: { action: 'search', userId, orgId },
    body: JSON.stringify({
      type: search.type,
      expression: search.expression,
      owner: '',
      fromTriggerTime: search.fromTriggerTime,
      toTriggerTime: search.toTriggerTime,
      status: search.statuses.join(','),
      pagination: { pageNo: search.pageNo, pageSize: SEARCH_PAGE_SIZE }
    })
  }
}

/** Disable Flow: action, userId and orgId in the query, the flow id (an integer) in a JSON body. */
/**
 * Get Flow: the flow's state (`active`: 1 scheduled, 0 paused), read before it is disabled
 * (https://support.enos-iot.com/docs/batch-processing-api/en/2.3.0/v2.1/flow/get_flow.html).
 */
export function getFlowCall(flowId: number, { userId, orgId }: EnosCaller): SignedCall {
  return { method: 'GET', path: FLOWS_PATH, query: { action: 'get', flowId: String(flowId), userId, orgId } }
}

export function disableFlowCall(flowId: number, caller: EnosCaller): SignedCall {
  return flowSwitchCall('disable', flowId, caller)
}

/**
 * Enable Flow: the same shape as Disable Flow, `action=enable`
 * (https://support.enos-iot.com/docs/batch-processing-api/en/2.2.0/v2.1/enable_flow.html).
 */
export function enableFlowCall(flowId: number, caller: EnosCaller): SignedCall {
  return flowSwitchCall('enable', flowId, caller)
}

/** Disable Flow and Enable Flow: POST, the action, caller in the query; the flow id in the body. */
function flowSwitchCall(action: 'disable' | 'enable', flowId: number, { userId, orgId }: EnosCaller): SignedCall {
  return { method: 'POST', path: FLOWS_PATH, query: { action, userId, orgId }, body: JSON.stringify({ flowId }) }
}

export const TIME_PATH = '/batch-processing-service/v2.1/time'

/**
 * Get Current Time and Get Time Zone: only `action` in the query (the docs and their Java sample
 * send no userId or orgId), signed as every call is
 * (api_en:dataflow_service/v2.1/get_current_time.md, get_time_zone.md).
 */
export function serverTimeCall(action: 'getCurrentTime' | 'getTimeZone'): SignedCall {
  return { method: 'GET', path: TIME_PATH, query: { action } }
}
