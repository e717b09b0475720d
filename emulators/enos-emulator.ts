/**
 * A local stand-in for an EnOS API gateway: the token service (apim-token-service v2.0) and the
 * Batch Processing Service's flow instances (v2.1: cancel, get and search) and flows (disable), over
 * real HTTP on 127.0.0.1.
 * It checks what the docs say the gateway checks, with its own code rather than flow-ops':
 * - token/get: `encryption` = sha256(appKey + timestamp + appSecret), timestamps within 10
 *   minutes, an encryption never used twice (1001);
 * - signed calls: a known, unexpired access token and
 *   `apim-signature` = sha256(token + sorted query key+value pairs + body + timestamp + appSecret),
 *   else HTTP 401 as the gateway answers;
 * - Cancel Flow Instance's prerequisites: the user owns the instance, is not locked, and belongs
 *   to the organization.
 * Where the docs are silent (docs/emulators.md) it answers as follows:
 * an unknown instance is 62102 "Instance not found"; cancelling an instance that already finished
 * is 62102 "Flow instance … is not running"; service errors come with HTTP 200 and a non-zero code.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { FLOW_INSTANCE_STATUS } from '../src/providers/enos/response.js'
import {
  faultMessage,
  LoopbackEmulator,
  type Answer,
  type ErrorFault,
  type ReceivedRequest
} from './loopback-emulator.js'

export interface EnosEmulatorApp {
  appKey: string
  appSecret: string
}

export interface EnosEmulatorUser {
  userId: string
  orgId: string
  locked?: boolean
}

export interface EnosEmulatorOptions {
  apps?: EnosEmulatorApp[]
  users?: EnosEmulatorUser[]
  /** Running instances to start with, owned by the first user. */
  instances?: string[]
  /** How long an access token lives (the docs: 7200 s). */
  tokenTtlMs?: number
  /** Cancelling takes this long: the instance reads RUNNING until then, CANCEL after. */
  cancelDelayMs?: number
  latencyMs?: number
  now?: () => number
  /** The most instances a search page holds, whatever pageSize asks. */
  maxPageSize?: number
  /**
   * What a search answers as `data.count`: every match (`total`), or the elements of this page
   * (`page`); the docs' words ("the number of searched workflow instances (number of elements in
   * the FlowInstance struct)") allow both.
   */
  countReading?: 'total' | 'page'
  /**
   * The gateway's zone, hours east of UTC (Get Time Zone answers GMT+8 by default): every time
   * string it answers is in this zone, with no zone of its own, as the API's are.
   */
  zoneHours?: number
  /** How far a request's timestamp may be from the gateway's clock (10 minutes; wider plays a lenient gateway). */
  timestampWindowMs?: number
  /**
   * The readings the docs leave open (enos-api §2, §7.3), each a switch that defaults to the v2.1
   * page's: where pages start (1, or 0 as the zh_CN 3.0.0 page and v2.0 say); what a 1-based
   * gateway does with page 0 (refuse it, or answer page 1); which sort field names it takes
   * (camelCase as the error table, snake_case as the v2.1 samples, or any); the zone startTime is
   * written in (the gateway's, or UTC as the Get Flow Instance sample suggests); how far Get
   * Current Time is from the gateway's own clock.
   */
  readings?: Partial<EnosReadings>
}

export interface EnosReadings {
  firstPage: 0 | 1
  pageZeroOnOneBased: 'refuse' | 'first-page'
  sortFields: 'camelCase' | 'snake_case' | 'any'
  startTimeZone: 'gateway' | 'utc'
  clockOffsetMs: number
}

const DEFAULT_READINGS: EnosReadings = {
  firstPage: 1,
  pageZeroOnOneBased: 'refuse',
  sortFields: 'camelCase',
  startTimeZone: 'gateway',
  clockOffsetMs: 0
}

export const ENOS_EMULATOR_APP: EnosEmulatorApp = {
  appKey: 'emulator-app-key-5acb82e7',
  appSecret: 'emulator-app-secret-00000000'
}
export const ENOS_EMULATOR_USER: EnosEmulatorUser = { userId: 'u15000000000002', orgId: 'o15000000000001' }

const TOKEN_PATH = '/apim-token-service/v2.0/token/get'
const FLOW_INSTANCES_PATH = '/batch-processing-service/v2.1/flowInstances'
const FLOWS_PATH = '/batch-processing-service/v2.1/flows'
const TIME_PATH = '/batch-processing-service/v2.1/time'
const VALID_SORT_FIELDS = ['createTime', 'updateTime', 'startTime', 'triggerTime', 'endTime']
const SNAKE_SORT_FIELDS = ['create_time', 'update_time', 'start_time', 'trigger_time', 'end_time']
const TIMESTAMP_WINDOW_MS = 10 * 60 * 1000
const FINISHED = new Set([-1, 1, 4, 7, 8, 10])

interface InstanceRecord {
  status: number
  owner: string
  cancelledAt?: number
  flowId: number
  /** 0 manual, 1 periodic, 2 temporary. */
  type: number
  /** When the scheduler triggered it (ms). */
  triggerTime: number
  /** When it started (ms); a string is answered as it is (unreadable, say); null: no start time. */
  startTime: number | string | null
}

export interface InstanceOptions {
  status?: number
  owner?: string
  /** By default the number before the first '-' of the id. */
  flowId?: number
  type?: number
  triggerTime?: number
  /** By default a few seconds after its trigger time; a string is answered as given; null: none. */
  startTime?: number | string | null
}

interface FlowRecord {
  owner: string
  disabled: boolean
}

/** "2019-08-08 10:20:00", as the API writes times: in the gateway's zone, which it does not name. */
function apiTime(ms: number, zoneHours: number): string {
  return new Date(ms + zoneHours * 3_600_000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, '')
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')

/** A service answer: HTTP 200 with the documented envelope. */
function envelope(code: number, msg: string, data: unknown = '', requestId: string = randomUUID()): Answer {
  return { status: 200, code: code === 0 ? '' : String(code), body: { code, msg, requestId, data } }
}

/** A gateway answer: an HTTP status with a Kong-style message. */
function gateway(status: number, message: string, requestId?: string): Answer {
  return { status, code: `HTTP${status}`, body: { message, ...(requestId !== undefined ? { requestId } : {}) } }
}

class Refusal extends Error {
  constructor(readonly answer: Answer) {
    super(String(answer.body['message'] ?? answer.body['msg']))
  }
}

export class EnosEmulator extends LoopbackEmulator {
  private readonly apps: Map<string, EnosEmulatorApp>
  private readonly users: EnosEmulatorUser[]
  private readonly tokens = new Map<string, { appKey: string; expiresAt: number }>()
  private readonly usedEncryptions = new Set<string>()
  private readonly instances = new Map<string, InstanceRecord>()
  private readonly flows = new Map<number, FlowRecord>()
  maxPageSize: number
  countReading: 'total' | 'page'
  /** The docs' open readings this gateway takes (settable by tests). */
  readings: EnosReadings
  zoneHours: number
  timestampWindowMs: number
  /** A broken gateway: every search answers its first page, whatever pageNo asks. */
  ignorePageNo = false
  /** Called when a flow is about to be disabled (a test can start one more instance then). */
  beforeDisable: ((flowId: number) => void) | undefined
  tokenTtlMs: number
  cancelDelayMs: number
  /**
   * How a successful token answer names its status field: `status` as the 3.0.0 docs show,
   * `stauts` as the English docs' sample spells it, or none at all (Envision's own samples read
   * only data.accessToken).
   */
  tokenStatusField: 'status' | 'stauts' | 'none' = 'status'
  /** Hands out this token instead of a random one (a hostile token service: a line break, say). */
  tokenValue: string | undefined
  protected readonly throttleFault: ErrorFault = {
    kind: 'error',
    status: 429,
    code: 'gateway',
    message: 'API rate limit exceeded'
  }

  constructor(options: EnosEmulatorOptions = {}) {
    super(options)
    this.apps = new Map((options.apps ?? [ENOS_EMULATOR_APP]).map((app) => [app.appKey, app]))
    this.users = options.users ?? [ENOS_EMULATOR_USER]
    this.tokenTtlMs = options.tokenTtlMs ?? 7200 * 1000
    this.cancelDelayMs = options.cancelDelayMs ?? 0
    this.maxPageSize = options.maxPageSize ?? Number.POSITIVE_INFINITY
    this.countReading = options.countReading ?? 'total'
    this.readings = { ...DEFAULT_READINGS, ...options.readings }
    this.zoneHours = options.zoneHours ?? 8
    this.timestampWindowMs = options.timestampWindowMs ?? TIMESTAMP_WINDOW_MS
    for (const id of options.instances ?? []) this.addInstance(id)
  }

  /**
   * Adds (or resets) an instance; by default RUNNING, owned by the first user, periodic, triggered
   * now, of the flow whose id starts its id. Its flow is created with it, owned by the same user.
   */
  addInstance(id: string, options: InstanceOptions = {}): void {
    const owner = options.owner ?? this.users[0]?.userId ?? ''
    const flowId = options.flowId ?? (Number(id.split('-')[0]) || 0)
    this.instances.set(id, {
      status: options.status ?? 2,
      owner,
      flowId,
      type: options.type ?? 1,
      triggerTime: options.triggerTime ?? this.now(),
      startTime: options.startTime === undefined ? (options.triggerTime ?? this.now()) + 7_000 : options.startTime
    })
    if (!this.flows.has(flowId)) this.flows.set(flowId, { owner, disabled: false })
  }

  /** A flow with no instance (yet), owned by the first user; `active: false` starts it paused. */
  addFlow(flowId: number, { active = true }: { active?: boolean } = {}): void {
    this.flows.set(flowId, { owner: this.users[0]?.userId ?? '', disabled: !active })
  }

  /** Whether Disable Flow has been called for the flow. */
  isDisabled(flowId: number): boolean {
    return this.flows.get(flowId)?.disabled ?? false
  }

  /** The instance's status as Get Flow Instance reports it now. */
  instanceStatus(id: string): number | undefined {
    const record = this.instances.get(id)
    if (!record) return undefined
    if (record.cancelledAt !== undefined && this.now() >= record.cancelledAt + this.cancelDelayMs) return 8
    return record.status
  }

  /** When the instance reads CANCEL (its cancel time plus the cancel delay), if cancelled. */
  cancelledAt(id: string): number | undefined {
    const cancelledAt = this.instances.get(id)?.cancelledAt
    return cancelledAt === undefined ? undefined : cancelledAt + this.cancelDelayMs
  }

  /** Every access token handed out so far stops working (as if it had expired). */
  revokeTokens(): void {
    this.tokens.clear()
  }

  /** How many times the token service was asked. */
  get tokenRequests(): number {
    return this.requests.filter((r) => r.action === 'token').length
  }

  protected describe(request: ReceivedRequest) {
    if (request.url.pathname === TOKEN_PATH) return { action: 'token', target: '', auth: 'none' }
    let target = request.url.searchParams.get('flowInstId') ?? request.url.searchParams.get('flowId') ?? ''
    try {
      // The instance cancelled, the flow disabled, or the search: flow id, type and page.
      const body = JSON.parse(request.body) as Record<string, unknown>
      const page = body['pagination'] as { pageNo?: unknown } | undefined
      target ||= String(
        body['flowInstId'] ??
          body['flowId'] ??
          (body['expression'] !== undefined
            ? `${String(body['expression'])}/${String(body['type'])}/${String(page?.pageNo)}`
            : '')
      )
    } catch {
      // not JSON: no target
    }
    return {
      action: request.url.searchParams.get('action') ?? '',
      target,
      auth: request.headers['apim-accesstoken'] ? 'signed' : 'none'
    }
  }

  protected errorAnswer(fault: ErrorFault, request: ReceivedRequest): Answer {
    const message = faultMessage(fault, request, `Injected ${fault.code}`)
    const answer = /^\d+$/.test(fault.code)
      ? envelope(Number(fault.code), message, '', fault.requestId)
      : gateway(fault.status, message, fault.requestId)
    answer.status = fault.status
    if (fault.retryAfter) answer.headers = { 'retry-after': fault.retryAfter }
    return answer
  }

  protected answer(request: ReceivedRequest): Answer {
    try {
      if (request.bodyTooLarge) return gateway(413, 'Request size limit exceeded')
      if (request.url.pathname === TOKEN_PATH && request.method === 'POST') return this.issueToken(request)
      if (request.url.pathname === FLOW_INSTANCES_PATH) {
        this.verifySignature(request)
        return this.flowInstances(request)
      }
      if (request.url.pathname === FLOWS_PATH) {
        this.verifySignature(request)
        return this.flowsCall(request)
      }
      if (request.url.pathname === TIME_PATH && request.method === 'GET') {
        this.verifySignature(request)
        return this.timeCall(request)
      }
      return gateway(404, 'no Route matched with those values')
    } catch (error) {
      if (error instanceof Refusal) return error.answer
      throw error
    }
  }

  /**
   * Get Current Time (epoch milliseconds) and Get Time Zone ("GMT+8"): only `action` in the query
   * (api_en:dataflow_service/v2.1/get_current_time.md, get_time_zone.md).
   */
  private timeCall(request: ReceivedRequest): Answer {
    const action = request.url.searchParams.get('action')
    if (action === 'getCurrentTime') return envelope(0, 'OK', this.now() + this.readings.clockOffsetMs)
    if (action === 'getTimeZone') {
      const sign = this.zoneHours < 0 ? '-' : '+'
      return envelope(0, 'OK', { timezone: `GMT${sign}${Math.abs(this.zoneHours)}` })
    }
    return envelope(62102, `Incorrect parameter: action ${String(action)}`)
  }

  private issueToken(request: ReceivedRequest): Answer {
    let body: Record<string, unknown>
    try {
      body = JSON.parse(request.body) as Record<string, unknown>
    } catch {
      return gateway(400, 'Cannot process request body')
    }
    const tokenAnswer = (status: number, msg: string, data: unknown = null): Answer => {
      const field = status === 0 ? this.tokenStatusField : 'status'
      return {
        status: 200,
        code: status === 0 ? '' : String(status),
        body: { ...(field === 'none' ? {} : { [field]: status }), msg, business: 'apim-token-service', data }
      }
    }
    const { appKey, encryption, timestamp } = body
    if (!appKey || !encryption || timestamp === undefined || timestamp === '')
      return tokenAnswer(1202, 'The parameter is empty')
    const app = this.apps.get(String(appKey))
    if (!app) return tokenAnswer(1002, 'The appKey does not exist')
    const time = Number(timestamp)
    if (!Number.isInteger(time) || Math.abs(this.now() - time) > this.timestampWindowMs) {
      return tokenAnswer(1004, 'Invalid parameter: timestamp')
    }
    if (sha256(`${app.appKey}${String(timestamp)}${app.appSecret}`) !== encryption) {
      return tokenAnswer(1003, 'The encryption is not valid')
    }
    if (this.usedEncryptions.has(String(encryption))) return tokenAnswer(1001, 'Repeated requests')
    this.usedEncryptions.add(String(encryption))
    // The same token while it lives, as the docs say.
    const live = [...this.tokens].find(([, t]) => t.appKey === app.appKey && t.expiresAt > this.now())
    const token = live?.[0] ?? this.tokenValue ?? randomBytes(24).toString('hex')
    if (!live) this.tokens.set(token, { appKey: app.appKey, expiresAt: this.now() + this.tokenTtlMs })
    // Whole seconds, never more than the token has left (the docs answer 7200 for a new one).
    const expire = Math.floor(((live?.[1].expiresAt ?? this.now() + this.tokenTtlMs) - this.now()) / 1000)
    return tokenAnswer(0, 'SUCCESS', { accessToken: token, expire })
  }

  private verifySignature(request: ReceivedRequest): void {
    const header = (name: string) => {
      const value = request.headers[name]
      return Array.isArray(value) ? value.join(',') : (value ?? '')
    }
    const token = header('apim-accesstoken')
    const signature = header('apim-signature')
    const timestamp = header('apim-timestamp')
    const refuse = () => new Refusal(gateway(401, 'Invalid authentication credentials'))
    const known = this.tokens.get(token)
    if (!token || !signature || !/^\d+$/.test(timestamp) || !known || known.expiresAt <= this.now()) throw refuse()
    if (Math.abs(this.now() - Number(timestamp)) > this.timestampWindowMs) throw refuse()
    const app = this.apps.get(known.appKey)!
    const query = [...request.url.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    const paramsData = query.map(([key, value]) => key + value).join('') + request.body
    if (sha256(token + paramsData + timestamp + app.appSecret) !== signature) throw refuse()
  }

  private flowInstances(request: ReceivedRequest): Answer {
    const query = request.url.searchParams
    const user = this.users.find((u) => u.userId === query.get('userId'))
    if (!user || user.orgId !== query.get('orgId')) {
      return envelope(62101, 'userId does not exist, or it does not match to orgId.')
    }
    const action = query.get('action')
    if (action === 'get' && request.method === 'GET') {
      const id = query.get('flowInstId') ?? ''
      const record = this.instances.get(id)
      if (!record) return envelope(62102, 'Instance not found')
      return envelope(0, 'OK', this.instanceJson(id, record))
    }
    if (action === 'search' && request.method === 'POST') return this.search(request)
    if (action === 'cancel' && request.method === 'POST') {
      if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) {
        return gateway(400, 'Cannot process request body')
      }
      let id: unknown
      try {
        id = (JSON.parse(request.body) as Record<string, unknown>)['flowInstId']
      } catch {
        return gateway(400, 'Cannot process request body')
      }
      if (typeof id !== 'string' || id === '') return envelope(62102, 'Incorrect parameter: flowInstId')
      const record = this.instances.get(id)
      if (!record) return envelope(62102, 'Instance not found')
      if (user.locked) return envelope(62105, 'Your account has been locked')
      if (record.owner !== user.userId) return envelope(62103, 'User has no privilege.')
      if (record.cancelledAt !== undefined || FINISHED.has(record.status)) {
        return envelope(62102, `Flow instance ${id} is not running`)
      }
      record.cancelledAt = this.now()
      return envelope(0, 'OK', '')
    }
    return envelope(62102, `Incorrect parameter: action ${String(action)}`)
  }

  private instanceJson(id: string, record: InstanceRecord): Record<string, unknown> {
    const status = this.instanceStatus(id)!
    return {
      instanceId: id,
      flowId: record.flowId,
      flowName: `flow-${record.flowId}`,
      status,
      statusDesc: FLOW_INSTANCE_STATUS[status] ?? 'UNKNOWN',
      owner: record.owner,
      triggerTime: apiTime(record.triggerTime, this.zoneHours),
      ...(record.startTime === null
        ? {}
        : {
            startTime:
              typeof record.startTime === 'string'
                ? record.startTime
                : apiTime(record.startTime, this.readings.startTimeZone === 'utc' ? 0 : this.zoneHours)
          }),
      isCancelled: status === 8
    }
  }

  /** The JSON body of a POST, or a refusal as the gateway gives it. */
  private jsonBody(request: ReceivedRequest): Record<string, unknown> {
    const refuse = () => new Refusal(gateway(400, 'Cannot process request body'))
    if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) throw refuse()
    try {
      const body: unknown = JSON.parse(request.body)
      if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>
    } catch {
      // refused below
    }
    throw refuse()
  }

  /**
   * List Flow Instances: every documented filter (type, a fuzzy expression on instance id and flow
   * name, owner, trigger-time window, statuses) and paging from pageNo 1, pages capped at
   * maxPageSize, with count read as countReading says.
   */
  private search(request: ReceivedRequest): Answer {
    const body = this.jsonBody(request)
    const { type, expression, owner, fromTriggerTime, toTriggerTime, status, pagination } = body
    const missing = [
      ['type', typeof type === 'number'],
      ['expression', typeof expression === 'string'],
      ['owner', typeof owner === 'string'],
      ['fromTriggerTime', typeof fromTriggerTime === 'number'],
      ['toTriggerTime', typeof toTriggerTime === 'number'],
      ['status', typeof status === 'string']
    ].find(([, ok]) => !ok)
    if (missing) return envelope(62102, `Incorrect parameter: ${String(missing[0])}`)
    const page = (pagination ?? {}) as { pageNo?: unknown; pageSize?: unknown; sorters?: unknown }
    const sorters = Array.isArray(page.sorters) ? (page.sorters as { field?: unknown }[]) : []
    const { sortFields, firstPage, pageZeroOnOneBased } = this.readings
    const fields =
      sortFields === 'any'
        ? [...VALID_SORT_FIELDS, ...SNAKE_SORT_FIELDS]
        : sortFields === 'camelCase'
          ? VALID_SORT_FIELDS
          : SNAKE_SORT_FIELDS
    if (sorters.some((s) => !fields.includes(String(s.field)))) {
      return envelope(62102, 'The sorters field parameter is invalid')
    }
    const asked = typeof page.pageNo === 'number' ? page.pageNo : firstPage
    // A 1-based gateway that takes page 0 answers its first page for it.
    const pageNo = firstPage === 1 && asked === 0 && pageZeroOnOneBased === 'first-page' ? 1 : asked
    const pageSize = Math.min(typeof page.pageSize === 'number' ? page.pageSize : 10, this.maxPageSize)
    if (!Number.isInteger(pageNo) || pageNo < firstPage || !Number.isInteger(pageSize) || pageSize < 1) {
      return envelope(62102, 'Incorrect parameter: pagination')
    }
    const statuses = String(status).split(',').filter(Boolean).map(Number)
    const matches = [...this.instances]
      .filter(([id, r]) => {
        const text = String(expression)
        return (
          r.type === type &&
          (id.includes(text) || `flow-${r.flowId}`.includes(text)) &&
          (owner === '' || r.owner === owner) &&
          r.triggerTime >= Number(fromTriggerTime) &&
          r.triggerTime <= Number(toTriggerTime) &&
          (statuses.length === 0 || statuses.includes(this.instanceStatus(id)!))
        )
      })
      .sort(([, a], [, b]) => a.triggerTime - b.triggerTime)
    const from = this.ignorePageNo ? 0 : (pageNo - firstPage) * pageSize
    const shown = matches.slice(from, from + pageSize)
    const count = this.countReading === 'page' ? shown.length : matches.length
    return envelope(0, 'OK', { flowInsts: shown.map(([id, r]) => this.instanceJson(id, r)), count })
  }

  /** Disable Flow: the user must own the flow; neither may be locked. */
  private flowsCall(request: ReceivedRequest): Answer {
    const query = request.url.searchParams
    const user = this.users.find((u) => u.userId === query.get('userId'))
    if (!user || user.orgId !== query.get('orgId')) {
      return envelope(62101, 'userId does not exist, or it does not match to orgId.')
    }
    const action = query.get('action')
    if (action === 'get' && request.method === 'GET') {
      // Get Flow: the user must belong to the flow's organization; active 1 = scheduled, 0 = paused.
      const id = Number(query.get('flowId'))
      const flow = this.flows.get(id)
      if (!flow) return envelope(62102, `Flow ${String(query.get('flowId'))} not found`)
      return envelope(0, 'OK', {
        flowId: id,
        flowName: `flow-${id}`,
        active: flow.disabled ? 0 : 1,
        locked: false,
        isUserLocked: false,
        owner: flow.owner,
        createTime: '2026-11-30 08:00:00.0',
        updateTime: '2026-12-01 08:00:00.0'
      })
    }
    if ((action !== 'disable' && action !== 'enable') || request.method !== 'POST') {
      return envelope(62102, `Incorrect parameter: action ${String(action)}`)
    }
    const flowId = this.jsonBody(request)['flowId']
    if (typeof flowId !== 'number' || !Number.isInteger(flowId)) return envelope(62102, 'Incorrect parameter: flowId')
    const flow = this.flows.get(flowId)
    if (!flow) return envelope(62102, `Flow ${flowId} not found`)
    if (user.locked) return envelope(62105, 'Your account has been locked')
    if (flow.owner !== user.userId) return envelope(62103, 'User has no privilege.')
    if (action === 'enable') {
      flow.disabled = false
      return envelope(0, 'OK', '')
    }
    this.beforeDisable?.(flowId)
    flow.disabled = true
    return envelope(0, 'OK', '')
  }
}
