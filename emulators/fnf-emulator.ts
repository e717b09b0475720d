/**
 * A local stand-in for Alibaba Cloud Serverless Workflow (fnf 2019-03-15): DeleteFlow,
 * DescribeFlow and the teardown calls (ListFlows, ListSchedules, DeleteSchedule, ListExecutions,
 * StopExecution, with paging) over real HTTP on 127.0.0.1. It checks requests the way the service does, and it
 * does so with Alibaba's own signing code (@alicloud/openapi-util), not flow-ops', so the two
 * implementations meet on the wire:
 * - V1 signatures with parameters in the query, the form body, or both; V3 (ACS3-HMAC-SHA256)
 *   with every x-acs-* header signed and the body hash checked;
 * - timestamps within 15 minutes, nonces never reused, security tokens matching their key;
 * - the documented JSON shapes and error codes.
 * Faults (JSON errors with any status, HTML pages, resets, hangs, latency, a call carried out
 * whose answer is then lost) can be queued for tests and the demo.
 */
import { randomUUID } from 'node:crypto'
import openApiUtilModule from '@alicloud/openapi-util'
import {
  faultMessage,
  headerSafe,
  LoopbackEmulator,
  MAX_BODY_BYTES,
  type Answer,
  type ErrorFault,
  type ReceivedRequest
} from './loopback-emulator.js'

import {
  ListingError,
  pageOf,
  parseLimit,
  type ExecutionRecord,
  type ExecutionStatus,
  type ScheduleRecord
} from './fnf-listing.js'

export type { FaultRule, RecordedRequest } from './loopback-emulator.js'
export type { ExecutionRecord, ExecutionStatus } from './fnf-listing.js'

const OpenApiUtil = openApiUtilModule.default

export interface EmulatorAccount {
  accessKeyId: string
  accessKeySecret: string
  /** When set, requests with this key must carry this STS token. */
  securityToken?: string
  /** When the token ends (epoch ms): from then on the key is refused with InvalidSecurityToken.Expired. */
  expiresAt?: number
}

export interface FnfEmulatorOptions {
  accounts?: EmulatorAccount[]
  flows?: string[]
  /** DeleteFlow is asynchronous: DescribeFlow still finds a deleted flow for this long. */
  deletionDelayMs?: number
  /** Delay before every answer. */
  latencyMs?: number
  /** The emulator's own clock (to test clock skew). */
  now?: () => number
  /** The most items a List* page holds whatever Limit asks (a service may answer fewer). */
  maxPageSize?: number
}

export const EMULATOR_DEFAULT_ACCOUNT: EmulatorAccount = {
  accessKeyId: 'emulator-access-key-id',
  accessKeySecret: 'emulator-access-key-secret-0123456789'
}

const API_VERSION = '2019-03-15'
const SKEW_LIMIT_MS = 15 * 60 * 1000
const V1_REQUIRED = [
  'Action',
  'Version',
  'AccessKeyId',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'Timestamp',
  'Signature'
]
const V3_REQUIRED = [
  'host',
  'x-acs-action',
  'x-acs-version',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-content-sha256'
]

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

interface FlowRecord {
  id: string
  /** As ListFlows answers it; null: the field is left out of the answer. */
  createdTime: string | null
  lastModifiedTime?: string | null
  /** What CreateFlow took (the emulator's own flows have a fixed one); Environment parsed from its JSON. */
  fields?: Record<string, unknown>
  /** When DeleteFlow was accepted. */
  deletedAt?: number
  schedules: Map<string, ScheduleRecord>
  executions: Map<string, ExecutionRecord>
}

const TEARDOWN_ACTIONS = ['ListFlows', 'ListSchedules', 'DeleteSchedule', 'ListExecutions', 'StopExecution']

/** The same encoding Alibaba's SDK helpers use, for form bodies the emulator parses. */
function parseForm(body: string): Record<string, string> {
  const params: Record<string, string> = {}
  for (const [key, value] of new URLSearchParams(body)) params[key] = value
  return params
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export class FnfEmulator extends LoopbackEmulator {
  private readonly accounts: Map<string, EmulatorAccount>
  private readonly flowRecords = new Map<string, FlowRecord>()
  private readonly usedNonces = new Set<string>()
  deletionDelayMs: number
  maxPageSize: number
  /**
   * Whether a RequestId parameter becomes the request's id, as the older DeleteFlow docs say;
   * false: the current API, which knows no such parameter and answers with an id of its own.
   */
  honoursRequestId = true
  /** Whether ListFlows filters by ResourceGroupId (an older server knows no such parameter and lists every flow). */
  honoursResourceGroup = true
  protected readonly throttleFault: ErrorFault = {
    kind: 'error',
    status: 429,
    code: 'ResourceThrottled',
    message: 'The request is throttled. Please try again later.'
  }

  constructor(options: FnfEmulatorOptions = {}) {
    super(options)
    this.accounts = new Map((options.accounts ?? [EMULATOR_DEFAULT_ACCOUNT]).map((a) => [a.accessKeyId, a]))
    this.deletionDelayMs = options.deletionDelayMs ?? 0
    this.maxPageSize = options.maxPageSize ?? Number.POSITIVE_INFINITY
    for (const name of options.flows ?? []) this.addFlow(name)
  }

  /** Accepts another key (for example temporary credentials the STS emulator hands out). */
  addAccount(account: EmulatorAccount): void {
    this.accounts.set(account.accessKeyId, account)
  }

  /**
   * A flow, with the fields CreateFlow would have taken (Definition, Description, Environment,
   * ResourceGroupId, …); created now by the emulator's clock, or at `times.created` (epoch ms, or a
   * string answered as it is, or null to leave CreatedTime out), last changed at `times.modified`
   * (by default when it was created).
   */
  addFlow(
    name: string,
    fields?: Record<string, unknown>,
    times: { created?: number | string | null; modified?: number | string | null } = {}
  ): void {
    const asTime = (time: number | string | null | undefined) =>
      typeof time === 'number' ? new Date(time).toISOString() : time
    const createdTime = times.created === undefined ? new Date(this.now()).toISOString() : asTime(times.created)!
    this.flowRecords.set(name, {
      id: randomUUID(),
      createdTime,
      ...(times.modified !== undefined ? { lastModifiedTime: asTime(times.modified)! } : {}),
      ...(fields ? { fields } : {}),
      schedules: new Map(),
      executions: new Map()
    })
  }

  private record(name: string): FlowRecord {
    const record = this.flowRecords.get(name)
    if (!record || record.deletedAt !== undefined) throw new Error(`the emulator has no flow '${name}'`)
    return record
  }

  /**
   * Someone changed the flow (UpdateFlow in the console): its fields as given, and its
   * LastModifiedTime moves to the emulator's now (at least a millisecond on, as a new write would).
   */
  modifyFlow(name: string, fields: Record<string, unknown> = {}): void {
    const record = this.record(name)
    const before = Date.parse(record.lastModifiedTime ?? record.createdTime ?? '') || 0
    record.lastModifiedTime = new Date(Math.max(this.now(), before + 1)).toISOString()
    record.fields = { ...record.fields, ...fields }
  }

  /** Someone deleted the flow (it is gone at once). */
  removeFlow(name: string): void {
    this.flowRecords.delete(name)
  }

  /** A flow's fields as DescribeFlow answers them, for tests that compare a flow before and after. */
  flowAsDescribed(name: string): Record<string, unknown> | undefined {
    const record = this.flowRecords.get(name)
    return record && this.isVisible(name) ? flowFields(name, record) : undefined
  }

  /** A flow's schedules as ListSchedules answers them. */
  schedulesIn(flow: string): Record<string, unknown>[] {
    const record = this.flowRecords.get(flow)
    if (!record) return []
    return [...record.schedules].map(([name, schedule]) => ({
      ScheduleName: name,
      CronExpression: schedule.cronExpression,
      Enable: schedule.enable ?? true,
      ...(schedule.payload !== undefined ? { Payload: schedule.payload } : {}),
      ...(schedule.description !== undefined ? { Description: schedule.description } : {})
    }))
  }

  addSchedule(
    flow: string,
    name: string,
    cronExpression = '0 0 * * * *',
    more: { payload?: string; enable?: boolean; description?: string } = {}
  ): void {
    this.record(flow).schedules.set(name, {
      id: randomUUID(),
      cronExpression,
      createdTime: new Date(this.now()).toISOString(),
      ...more
    })
  }

  addExecution(flow: string, name: string, status: ExecutionStatus = 'Running'): void {
    this.record(flow).executions.set(name, { status, startedTime: new Date(this.now()).toISOString() })
  }

  /** A flow's schedules, as ListSchedules would list them. */
  schedulesOf(flow: string): string[] {
    return [...(this.flowRecords.get(flow)?.schedules.keys() ?? [])]
  }

  /** An execution as the emulator holds it (its status, and what StopExecution was given). */
  execution(flow: string, name: string): ExecutionRecord | undefined {
    return this.flowRecords.get(flow)?.executions.get(name)
  }

  /** When DescribeFlow stops finding the flow (its DeleteFlow time plus the deletion delay), if deleted. */
  goneAt(name: string): number | undefined {
    const deletedAt = this.flowRecords.get(name)?.deletedAt
    return deletedAt === undefined ? undefined : deletedAt + this.deletionDelayMs
  }

  /** Flows DescribeFlow still finds (including those whose deletion is pending). */
  get flows(): string[] {
    return [...this.flowRecords.keys()].filter((name) => this.isVisible(name))
  }

  private isVisible(name: string): boolean {
    const record = this.flowRecords.get(name)
    if (!record) return false
    return record.deletedAt === undefined || this.now() < record.deletedAt + this.deletionDelayMs
  }

  /** Query and form body together: V1 parameters may be in either, or both. */
  private params(request: ReceivedRequest): Record<string, string> {
    const query = Object.fromEntries(request.url.searchParams)
    const isForm = String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
    return { ...query, ...(isForm ? parseForm(request.body) : {}) }
  }

  private isV3(request: ReceivedRequest): boolean {
    return String(request.headers['authorization'] ?? '').startsWith('ACS3-')
  }

  protected describe(request: ReceivedRequest) {
    const params = this.params(request)
    const isV3 = this.isV3(request)
    return {
      action: (isV3 ? String(request.headers['x-acs-action'] ?? '') : params['Action']) ?? '',
      target:
        params['Name'] ??
        [params['FlowName'], params['ScheduleName'] ?? params['ExecutionName']].filter(Boolean).join('/'),
      auth: isV3 ? 'v3' : params['Signature'] ? 'v1' : 'none'
    }
  }

  private errorBody(
    request: ReceivedRequest,
    status: number,
    code: string,
    message: string,
    givenRequestId?: string
  ): Answer {
    // The service takes a given RequestId as the request's id, on errors too.
    const requestId =
      givenRequestId ?? ((this.honoursRequestId && this.params(request)['RequestId']) || randomUUID().toUpperCase())
    return {
      status,
      code,
      body: { RequestId: requestId, HostId: request.headers.host, Code: code, Message: message },
      headers: { 'x-acs-request-id': headerSafe(requestId) }
    }
  }

  protected errorAnswer(fault: ErrorFault, request: ReceivedRequest): Answer {
    const answer = this.errorBody(
      request,
      fault.status,
      fault.code,
      faultMessage(fault, request, `Injected ${fault.code}.`),
      fault.requestId
    )
    if (fault.retryAfter) answer.headers = { ...answer.headers, 'retry-after': fault.retryAfter }
    return answer
  }

  protected answer(request: ReceivedRequest): Answer {
    const params = this.params(request)
    const contentType = String(request.headers['content-type'] ?? '')
    try {
      if (request.bodyTooLarge) {
        throw new ApiError(
          400,
          'EntityTooLarge',
          `The payload size exceeds maximum allowed size (${MAX_BODY_BYTES} bytes).`
        )
      }
      if (
        request.method === 'POST' &&
        request.body !== '' &&
        !contentType.startsWith('application/x-www-form-urlencoded')
      ) {
        throw new ApiError(415, 'UnsupportedMediaType', 'The content type must be "application/json".')
      }
      const isV3 = this.isV3(request)
      if (isV3) this.verifyV3(request, Object.fromEntries(request.url.searchParams))
      else this.verifyV1(request.method, params)
      const { action } = this.describe(request)
      const version = isV3 ? String(request.headers['x-acs-version']) : (params['Version'] ?? '')
      if (version !== API_VERSION) {
        throw new ApiError(
          400,
          'APIVersionNotSupported',
          `The requested API version '${version}' is not supported yet. Please check.`
        )
      }
      const body = TEARDOWN_ACTIONS.includes(action)
        ? teardownCall.call(this, action, params, this.flowRecords, (name) => this.isVisible(name))
        : this.perform(action, params)
      return { status: 200, code: '', body, headers: { 'x-acs-request-id': String(body['RequestId']) } }
    } catch (error) {
      if (!(error instanceof ApiError) && !(error instanceof ListingError)) throw error
      return this.errorBody(request, error.status, error.code, error.message)
    }
  }

  private checkTime(label: string, value: string): void {
    const time = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value) ? Date.parse(value) : NaN
    if (Number.isNaN(time))
      throw new ApiError(400, 'InvalidArgument', `Parameter error: ${label} '${value}' is not yyyy-MM-ddTHH:mm:ssZ.`)
    const now = this.now()
    if (Math.abs(now - time) > SKEW_LIMIT_MS) {
      throw new ApiError(
        403,
        'RequestTimeTooSkewed',
        `The difference between the request time ${value} and the current time ${isoSeconds(now)} is too large.`
      )
    }
  }

  private checkNonce(nonce: string): void {
    if (this.usedNonces.has(nonce))
      throw new ApiError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.')
    this.usedNonces.add(nonce)
  }

  private account(accessKeyId: string, securityToken: string | undefined): EmulatorAccount {
    const account = this.accounts.get(accessKeyId)
    if (!account) throw new ApiError(403, 'InvalidAccessKeyID', `The AccessKey ID ${accessKeyId} is invalid.`)
    if (account.securityToken !== undefined && account.securityToken !== securityToken) {
      throw new ApiError(
        403,
        'InvalidSecurityToken.MismatchWithAccessKey',
        'The security token you provided does not match the AccessKey.'
      )
    }
    if (account.expiresAt !== undefined && this.now() >= account.expiresAt) {
      throw new ApiError(400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.')
    }
    return account
  }

  private verifyV1(method: string, params: Record<string, string>): void {
    for (const name of V1_REQUIRED) {
      if (!params[name]) throw new ApiError(400, 'MissingRequiredParams', `The HTTP query '${name}' must be specified.`)
    }
    if (params['SignatureMethod'] !== 'HMAC-SHA1' || params['SignatureVersion'] !== '1.0') {
      throw new ApiError(
        400,
        'InvalidArgument',
        'Parameter error: SignatureMethod must be HMAC-SHA1 and SignatureVersion 1.0.'
      )
    }
    const account = this.account(params['AccessKeyId']!, params['SecurityToken'])
    const { Signature: given, ...signed } = params
    const expected = OpenApiUtil.getRPCSignature(signed, method, account.accessKeySecret)
    if (given !== expected) {
      throw new ApiError(
        403,
        'SignatureNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your access key and signing method.'
      )
    }
    this.checkTime('Timestamp', params['Timestamp']!)
    this.checkNonce(params['SignatureNonce']!)
  }

  private verifyV3(request: ReceivedRequest, query: Record<string, string>): void {
    const { body } = request
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(request.headers))
      headers[name] = Array.isArray(value) ? value.join(',') : String(value)
    for (const name of V3_REQUIRED) {
      if (!headers[name])
        throw new ApiError(400, 'MissingRequiredHeader', `The HTTP header '${name}' must be specified.`)
    }
    const auth = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(
      headers['authorization']!
    )
    if (!auth) throw new ApiError(403, 'SignatureNotMatch', 'The Authorization header is malformed.')
    const [, accessKeyId, signedHeaderList] = auth as unknown as [string, string, string, string]
    const signedNames = signedHeaderList.split(';')
    const mustBeSigned = Object.keys(headers).filter(
      (n) => n === 'host' || n === 'content-type' || n.startsWith('x-acs-')
    )
    const unsigned = mustBeSigned.filter((n) => !signedNames.includes(n))
    if (unsigned.length > 0) throw new ApiError(403, 'SignatureNotMatch', `Headers not signed: ${unsigned.join(', ')}.`)
    if (
      OpenApiUtil.hexEncode(OpenApiUtil.hash(Buffer.from(body, 'utf8'), 'ACS3-HMAC-SHA256')) !==
      headers['x-acs-content-sha256']
    ) {
      throw new ApiError(403, 'SignatureNotMatch', 'x-acs-content-sha256 does not match the body.')
    }
    const account = this.account(accessKeyId, headers['x-acs-security-token'])
    const signedHeaders = Object.fromEntries(signedNames.map((n) => [n, headers[n] ?? '']))
    const signedRequest = { method: request.method, pathname: request.url.pathname, query, headers: signedHeaders }
    const expected = OpenApiUtil.getAuthorization(
      signedRequest as unknown as Parameters<typeof OpenApiUtil.getAuthorization>[0],
      'ACS3-HMAC-SHA256',
      headers['x-acs-content-sha256']!,
      accessKeyId,
      account.accessKeySecret
    )
    if (expected !== headers['authorization']) {
      throw new ApiError(
        403,
        'SignatureNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your access key and signing method.'
      )
    }
    this.checkTime('x-acs-date', headers['x-acs-date']!)
    this.checkNonce(headers['x-acs-signature-nonce']!)
  }

  /**
   * CreateFlow: POST, Name, Definition, Description, Type (and RoleArn, ExecutionMode,
   * ResourceGroupId) in the form body; a flow of that name that exists, or is still being deleted,
   * is 409 FlowAlreadyExists. The answer is the flow as DescribeFlow gives it.
   */
  private createFlow(params: Record<string, string>): Record<string, unknown> {
    const name = params['Name'] ?? ''
    for (const required of ['Name', 'Definition', 'Type']) {
      if (!params[required])
        throw new ApiError(400, 'MissingRequiredParams', `The HTTP query '${required}' must be specified.`)
    }
    if (this.flowRecords.has(name) && this.isVisible(name)) {
      throw new ApiError(409, 'FlowAlreadyExists', `Flow ${name} already exists.`)
    }
    const fields: Record<string, unknown> = Object.fromEntries(
      ['Definition', 'Description', 'Type', 'RoleArn', 'ExecutionMode', 'ResourceGroupId']
        .filter((key) => params[key] !== undefined)
        .map((key) => [key, params[key]!])
    )
    // Environment travels as one form field holding JSON, and is answered as an object.
    if (params['Environment'] !== undefined) {
      try {
        fields['Environment'] = JSON.parse(params['Environment'])
      } catch {
        throw new ApiError(400, 'InvalidArgument', 'Environment is not valid JSON.')
      }
    }
    const createdTime = new Date(this.now()).toISOString()
    this.flowRecords.set(name, {
      id: randomUUID(),
      createdTime,
      lastModifiedTime: createdTime,
      fields,
      schedules: new Map(),
      executions: new Map()
    })
    return { RequestId: randomUUID().toUpperCase(), ...flowFields(name, this.flowRecords.get(name)!) }
  }

  /**
   * CreateSchedule: POST, FlowName, ScheduleName, CronExpression (and Payload, Enable,
   * Description) in the form body; 404 FlowNotExists, 409 ScheduleAlreadyExists.
   */
  private createSchedule(params: Record<string, string>): Record<string, unknown> {
    const flowName = params['FlowName'] ?? ''
    const scheduleName = params['ScheduleName'] ?? ''
    for (const required of ['FlowName', 'ScheduleName', 'CronExpression']) {
      if (!params[required])
        throw new ApiError(400, 'MissingRequiredParams', `The HTTP query '${required}' must be specified.`)
    }
    const flow = this.flowRecords.get(flowName)
    if (!flow || !this.isVisible(flowName) || flow.deletedAt !== undefined) {
      throw new ApiError(404, 'FlowNotExists', `Flow ${flowName} does not exist.`)
    }
    if (flow.schedules.has(scheduleName)) {
      throw new ApiError(
        409,
        'ScheduleAlreadyExists',
        `The schedule ${scheduleName} already exists in flow ${flowName}.`
      )
    }
    const schedule = {
      id: randomUUID(),
      cronExpression: params['CronExpression']!,
      createdTime: new Date(this.now()).toISOString(),
      ...(params['Payload'] !== undefined ? { payload: params['Payload'] } : {}),
      ...(params['Enable'] !== undefined ? { enable: params['Enable'] === 'true' } : {}),
      ...(params['Description'] !== undefined ? { description: params['Description'] } : {})
    }
    flow.schedules.set(scheduleName, schedule)
    return {
      RequestId: randomUUID().toUpperCase(),
      ScheduleName: scheduleName,
      ScheduleId: schedule.id,
      CronExpression: schedule.cronExpression,
      Enable: schedule.enable ?? true,
      ...(schedule.payload !== undefined ? { Payload: schedule.payload } : {}),
      Description: schedule.description ?? '',
      CreatedTime: schedule.createdTime,
      LastModifiedTime: schedule.createdTime
    }
  }

  private perform(action: string, params: Record<string, string>): Record<string, unknown> {
    if (action === 'CreateFlow') return this.createFlow(params)
    if (action === 'CreateSchedule') return this.createSchedule(params)
    if (action !== 'DeleteFlow' && action !== 'DescribeFlow') {
      throw new ApiError(
        400,
        'ActionNotSupported',
        `The requested API operation '${action}' is incorrect. Please check.`
      )
    }
    const name = params['Name']
    if (!name) throw new ApiError(400, 'MissingRequiredParams', "The HTTP query 'Name' must be specified.")
    const requestId = (this.honoursRequestId && params['RequestId']) || randomUUID().toUpperCase()
    const record = this.flowRecords.get(name)
    if (action === 'DeleteFlow') {
      if (!record || record.deletedAt !== undefined)
        throw new ApiError(404, 'FlowNotExists', `Flow ${name} does not exist.`)
      record.deletedAt = this.now()
      return { RequestId: requestId }
    }
    if (!record || !this.isVisible(name)) throw new ApiError(404, 'FlowNotExists', `Flow ${name} does not exist.`)
    return { RequestId: requestId, ...flowFields(name, record) }
  }
}

/** The resource group a flow is in when CreateFlow named none: the account's default group. */
export const EMULATOR_DEFAULT_RESOURCE_GROUP = 'rg-acfmemulatordefault'

/**
 * A flow as DescribeFlow and ListFlows describe it, with every field the SDK model has
 * (ListFlowsResponseBodyFlows: ListFlows items carry the whole definition too).
 */
function flowFields(name: string, record: FlowRecord): Record<string, unknown> {
  const modified = record.lastModifiedTime === undefined ? record.createdTime : record.lastModifiedTime
  return {
    Name: name,
    Id: record.id,
    Type: 'FDL',
    Definition: 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: hello',
    Description: '',
    RoleArn: '',
    ExecutionMode: 'Standard',
    ResourceGroupId: EMULATOR_DEFAULT_RESOURCE_GROUP,
    Environment: { Variables: [] },
    ...record.fields,
    ...(record.createdTime === null ? {} : { CreatedTime: record.createdTime }),
    ...(modified === null ? {} : { LastModifiedTime: modified })
  }
}

/** The teardown calls: listings in pages, schedules deleted, executions stopped. */
function teardownCall(
  this: FnfEmulator,
  action: string,
  params: Record<string, string>,
  flows: Map<string, FlowRecord>,
  visible: (name: string) => boolean
): Record<string, unknown> {
  const requestId = randomUUID().toUpperCase()
  const page = <T>(items: T[], max: number, fallback: number) =>
    pageOf(items, {
      limit: parseLimit(params['Limit'], max, fallback),
      nextToken: params['NextToken'] || undefined,
      maxPageSize: this.maxPageSize
    })
  if (action === 'ListFlows') {
    const group = this.honoursResourceGroup ? params['ResourceGroupId'] : undefined
    const names = [...flows.keys()].filter(
      (name) => visible(name) && (!group || flowFields(name, flows.get(name)!)['ResourceGroupId'] === group)
    )
    const { page: shown, nextToken } = page(names, 999, 60)
    const Flows = shown.map((name) => flowFields(name, flows.get(name)!))
    return { RequestId: requestId, Flows, ...(nextToken ? { NextToken: nextToken } : {}) }
  }
  const flowName = params['FlowName']
  if (!flowName) throw new ListingError(400, 'MissingRequiredParams', "The HTTP query 'FlowName' must be specified.")
  const flow = flows.get(flowName)
  if (!flow || !visible(flowName)) throw new ListingError(404, 'FlowNotExists', `Flow ${flowName} does not exist.`)
  switch (action) {
    case 'ListSchedules': {
      const { page: shown, nextToken } = page([...flow.schedules], 1000, 60)
      const Schedules = shown.map(([name, s]) => ({
        ScheduleName: name,
        ScheduleId: s.id,
        CronExpression: s.cronExpression,
        Enable: s.enable ?? true,
        ...(s.payload !== undefined ? { Payload: s.payload } : {}),
        ...(s.description !== undefined ? { Description: s.description } : {}),
        CreatedTime: s.createdTime,
        LastModifiedTime: s.createdTime
      }))
      return { RequestId: requestId, Schedules, ...(nextToken ? { NextToken: nextToken } : {}) }
    }
    case 'DeleteSchedule': {
      const name = params['ScheduleName'] ?? ''
      if (!flow.schedules.delete(name))
        throw new ListingError(404, 'ScheduleNotExists', `Schedule ${name} does not exist.`)
      return { RequestId: requestId }
    }
    case 'ListExecutions': {
      const status = params['Status']
      const matching = [...flow.executions].filter(([, e]) => !status || e.status === status)
      // The SDK model allows 1–99 (the docs page says 1–100): the stricter range is held.
      const { page: shown, nextToken } = page(matching, 99, 60)
      const Executions = shown.map(([name, e]) => ({
        Name: name,
        FlowName: flowName,
        Status: e.status,
        StartedTime: e.startedTime
      }))
      return { RequestId: requestId, Executions, ...(nextToken ? { NextToken: nextToken } : {}) }
    }
    default: {
      const name = params['ExecutionName'] ?? ''
      const execution = flow.executions.get(name)
      if (!execution) throw new ListingError(404, 'ExecutionNotExists', `Execution ${name} does not exist.`)
      if (execution.status !== 'Running' && execution.status !== 'Starting') {
        throw new ListingError(400, 'ExecutionAlreadyCompleted', `Execution ${name} has already completed.`)
      }
      Object.assign(execution, { status: 'Stopped', cause: params['Cause'], error: params['Error'] })
      return {
        RequestId: requestId,
        Name: name,
        FlowName: flowName,
        Status: 'Stopped',
        StoppedTime: new Date().toISOString()
      }
    }
  }
}

export async function startFnfEmulator(options: FnfEmulatorOptions = {}): Promise<FnfEmulator> {
  return new FnfEmulator(options).start()
}
