/**
 * Alibaba Cloud RPC requests (Serverless Workflow 2019-03-15, STS 2015-04-01): one call and its
 * parameters → a signed HttpRequest, built afresh for every attempt (new timestamp and nonce).
 * Request shapes as Alibaba's own generated SDK sends them
 * (https://github.com/aliyun/alibabacloud-typescript-sdk, folder fnf-20190315): the common
 * parameters in the query, business parameters where the call puts them.
 */
import { randomUUID } from 'node:crypto'
import type { AttemptResult } from '../../http/attempt.js'
import { sha256Hex } from '../../http/hash.js'
import type { HttpRequest } from '../../http/send.js'
import { percentEncode } from '../../safety/percent-encode.js'
import { signRpcV1 } from './sign-v1.js'
import { signAcs3 } from './sign-v3.js'

export const FNF_API_VERSION = '2019-03-15'

/** An AccessKey pair, and the STS token that goes with a temporary one. */
export interface AccessKeys {
  accessKeyId: string
  accessKeySecret: string
  securityToken?: string
}

/**
 * The keys a run signs with. Static keys never change. Keyless credentials last as long as the
 * role allows (role-duration-seconds, 15 minutes to 12 hours): they are renewed (a fresh OIDC
 * token, AssumeRoleWithOIDC again) before their Expiration, with a margin of a quarter of their
 * lifetime but at most five minutes, so that short credentials are renewed a few times, not on
 * every call; and at once when the service says they have expired. One renewal at a time: every
 * call that needs it waits for the same one; one that fails ends the run as the first failure
 * does (every later call gets the same failure, without asking again).
 */
export interface KeySource {
  /** The keys to sign the next request with, renewed first when they are near their end. */
  current(): Promise<AttemptResult<AccessKeys>>
  /** The service said `used` have expired: new keys (renewed once, whoever asks), or why there are none. */
  expired(used: AccessKeys): Promise<AttemptResult<AccessKeys>>
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
  credentials: AccessKeys
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

/** `k1=v1&k2=v2`, RFC 3986-encoded as the signers encode (the form body, the query). */
export function encodeForm(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`)
    .join('&')
}

/** `https://host/?query`: RPC calls go to the endpoint's root. */
export function withQuery(endpoint: URL, params: Record<string, string>): string {
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

/** DeleteFlow as the current API metadata describes it: POST, Name (and RequestId) in a form body. */
export function deleteFlowCall(name: string, requestId?: string): RpcCall {
  return { action: 'DeleteFlow', method: 'POST', form: { Name: name, ...(requestId ? { RequestId: requestId } : {}) } }
}

/** DescribeFlow: GET, Name in the query. */
export function describeFlowCall(name: string): RpcCall {
  return { action: 'DescribeFlow', method: 'GET', query: { Name: name } }
}

/**
 * Page sizes, inside the ranges of the 2019-03-15 SDK model (ListFlows 1–999, ListSchedules
 * 1–1000, ListExecutions 1–99; the ListExecutions docs page says 1–100, the model is stricter).
 */
export const LIST_FLOWS_LIMIT = 999
export const LIST_SCHEDULES_LIMIT = 100
export const LIST_EXECUTIONS_LIMIT = 99

const page = (limit: number, nextToken: string | undefined) => ({
  Limit: String(limit),
  ...(nextToken ? { NextToken: nextToken } : {})
})

/** What a ListFlows page asks for beyond its cursor. */
export interface ListFlowsOptions {
  /** 1–999; a page too large to read is asked for again with a smaller one. */
  limit?: number
  /** Only that resource group's flows (ResourceGroupId, in the SDK model since 2026-03). */
  resourceGroupId?: string
}

/** ListFlows: GET, Limit, NextToken and ResourceGroupId in the query; it has no name or time filter. */
export function listFlowsCall(
  nextToken?: string,
  { limit = LIST_FLOWS_LIMIT, resourceGroupId }: ListFlowsOptions = {}
): RpcCall {
  return {
    action: 'ListFlows',
    method: 'GET',
    query: { ...page(limit, nextToken), ...(resourceGroupId ? { ResourceGroupId: resourceGroupId } : {}) }
  }
}

/** ListSchedules: GET, FlowName, Limit and NextToken in the query. */
export function listSchedulesCall(flowName: string, nextToken?: string): RpcCall {
  return {
    action: 'ListSchedules',
    method: 'GET',
    query: { FlowName: flowName, ...page(LIST_SCHEDULES_LIMIT, nextToken) }
  }
}

/** DeleteSchedule: POST, FlowName and ScheduleName in a form body. */
export function deleteScheduleCall(flowName: string, scheduleName: string): RpcCall {
  return { action: 'DeleteSchedule', method: 'POST', form: { FlowName: flowName, ScheduleName: scheduleName } }
}

/** ListExecutions of one status: GET, FlowName, Status, Limit and NextToken in the query. */
export function listExecutionsCall(flowName: string, status: string, nextToken?: string): RpcCall {
  return {
    action: 'ListExecutions',
    method: 'GET',
    query: { FlowName: flowName, Status: status, ...page(LIST_EXECUTIONS_LIMIT, nextToken) }
  }
}

/** StopExecution: POST, FlowName, ExecutionName, Cause (1–4096) and Error (1–128) in a form body. */
export function stopExecutionCall(flowName: string, executionName: string, cause: string, error: string): RpcCall {
  return {
    action: 'StopExecution',
    method: 'POST',
    form: { FlowName: flowName, ExecutionName: executionName, Cause: cause, Error: error }
  }
}

/**
 * CreateFlow: POST, every parameter in a form body (Name, Definition, Description, Type; RoleArn,
 * ExecutionMode, Environment as one JSON field, ResourceGroupId when the flow had them).
 */
export function createFlowCall(params: Record<string, string>): RpcCall {
  return { action: 'CreateFlow', method: 'POST', form: params }
}

/** CreateSchedule: POST, FlowName, ScheduleName, CronExpression, Enable (and Payload, Description) in a form body. */
export function createScheduleCall(params: Record<string, string>): RpcCall {
  return { action: 'CreateSchedule', method: 'POST', form: params }
}
