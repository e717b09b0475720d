/**
 * A local stand-in for Alibaba Cloud Serverless Workflow (fnf 2019-03-15): DeleteFlow and
 * DescribeFlow over real HTTP on 127.0.0.1. It checks requests the way the service does, and it
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
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import openApiUtilModule from '@alicloud/openapi-util'

const OpenApiUtil = openApiUtilModule.default

export interface EmulatorAccount {
  accessKeyId: string
  accessKeySecret: string
  /** When set, requests with this key must carry this STS token. */
  securityToken?: string
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
}

export type FnfFault =
  /** A JSON error body, as the service sends it (any status: 500, 503, 409, 429, or 400 Throttling.User). */
  | { kind: 'error'; code: string; status: number; message?: string; retryAfter?: string }
  /** An HTML page, as a gateway or load balancer sends it. */
  | { kind: 'html'; status: number }
  /** The connection is dropped before any answer. */
  | { kind: 'reset' }
  /** The connection is accepted and never answered. */
  | { kind: 'hang' }
  /** The call is carried out, then the connection is dropped: the answer is lost. */
  | { kind: 'apply-then-reset' }

export interface FaultRule {
  fault: FnfFault
  /** How many matching requests it hits (default 1). */
  times?: number
  /** Only requests for this action (default: any). */
  action?: string
}

export interface RecordedRequest {
  method: string
  action: string
  name: string
  signatureVersion: 'v1' | 'v3' | 'none'
  status: number
  code: string
  /** Every header and parameter as received (tests look for leaked values). */
  raw: { url: string; headers: http.IncomingHttpHeaders; body: string }
}

export const EMULATOR_DEFAULT_ACCOUNT: EmulatorAccount = {
  accessKeyId: 'emulator-access-key-id',
  accessKeySecret: 'emulator-access-key-secret-0123456789'
}

const API_VERSION = '2019-03-15'
const SKEW_LIMIT_MS = 15 * 60 * 1000
const MAX_BODY_BYTES = 1024 * 1024
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
  createdTime: string
  /** When DeleteFlow was accepted. */
  deletedAt?: number
}

/** The same encoding Alibaba's SDK helpers use, for form bodies the emulator parses. */
function parseForm(body: string): Record<string, string> {
  const params: Record<string, string> = {}
  for (const [key, value] of new URLSearchParams(body)) params[key] = value
  return params
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export class FnfEmulator {
  readonly requests: RecordedRequest[] = []
  private readonly server: http.Server
  private readonly sockets = new Set<Socket>()
  private readonly accounts: Map<string, EmulatorAccount>
  private readonly flowRecords = new Map<string, FlowRecord>()
  private readonly usedNonces = new Set<string>()
  private readonly faults: (FaultRule & { remaining: number })[] = []
  private readonly now: () => number
  latencyMs: number
  deletionDelayMs: number
  private port = 0

  constructor(options: FnfEmulatorOptions = {}) {
    this.accounts = new Map((options.accounts ?? [EMULATOR_DEFAULT_ACCOUNT]).map((a) => [a.accessKeyId, a]))
    this.now = options.now ?? Date.now
    this.latencyMs = options.latencyMs ?? 0
    this.deletionDelayMs = options.deletionDelayMs ?? 0
    for (const name of options.flows ?? []) this.addFlow(name)
    this.server = http.createServer((req, res) => void this.handle(req, res))
    this.server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
  }

  /** http://127.0.0.1:<port> */
  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  async start(port = 0): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, '127.0.0.1', () => resolve())
    })
    this.port = (this.server.address() as AddressInfo).port
    return this
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  addFlow(name: string): void {
    this.flowRecords.set(name, { id: randomUUID(), createdTime: new Date(this.now()).toISOString() })
  }

  /** Flows DescribeFlow still finds (including those whose deletion is pending). */
  get flows(): string[] {
    return [...this.flowRecords.keys()].filter((name) => this.isVisible(name))
  }

  injectFault(rule: FaultRule): void {
    this.faults.push({ ...rule, remaining: rule.times ?? 1 })
  }

  clearFaults(): void {
    this.faults.length = 0
  }

  private isVisible(name: string): boolean {
    const record = this.flowRecords.get(name)
    if (!record) return false
    return record.deletedAt === undefined || this.now() < record.deletedAt + this.deletionDelayMs
  }

  private takeFault(action: string): FnfFault | undefined {
    const rule = this.faults.find((f) => f.remaining > 0 && (f.action === undefined || f.action === action))
    if (!rule) return undefined
    rule.remaining--
    return rule.fault
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req) {
      size += (chunk as Buffer).length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer)
    }
    const body = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', 'http://emulator')
    const query = Object.fromEntries(url.searchParams)
    const contentType = String(req.headers['content-type'] ?? '')
    const form = contentType.startsWith('application/x-www-form-urlencoded') ? parseForm(body) : {}
    const params = { ...query, ...form }
    const isV3 = String(req.headers['authorization'] ?? '').startsWith('ACS3-')
    const action = (isV3 ? String(req.headers['x-acs-action'] ?? '') : params['Action']) ?? ''
    const record: RecordedRequest = {
      method: req.method ?? '',
      action,
      name: params['Name'] ?? '',
      signatureVersion: isV3 ? 'v3' : params['Signature'] ? 'v1' : 'none',
      status: 0,
      code: '',
      raw: { url: req.url ?? '', headers: req.headers, body }
    }
    this.requests.push(record)
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs))

    const fault = this.takeFault(action)
    if (fault?.kind === 'hang') {
      record.code = 'fault:hang'
      return
    }
    if (fault?.kind === 'reset') {
      record.code = 'fault:reset'
      req.socket.destroy()
      return
    }
    if (fault?.kind === 'html') {
      record.status = fault.status
      record.code = 'fault:html'
      res.writeHead(fault.status, { 'content-type': 'text/html' })
      res.end(
        `<html><head><title>${fault.status} Bad Gateway</title></head><body><h1>${fault.status} Bad Gateway</h1><hr>gateway</body></html>`
      )
      return
    }
    if (fault?.kind === 'error') {
      const requestId = randomUUID().toUpperCase()
      this.sendJson(
        res,
        record,
        fault.status,
        {
          RequestId: requestId,
          HostId: req.headers.host,
          Code: fault.code,
          Message: fault.message ?? `Injected ${fault.code}.`
        },
        fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}
      )
      return
    }

    let status = 200
    let answer: Record<string, unknown>
    try {
      if (size > MAX_BODY_BYTES)
        throw new ApiError(
          400,
          'EntityTooLarge',
          `The payload size exceeds maximum allowed size (${MAX_BODY_BYTES} bytes).`
        )
      if (req.method === 'POST' && body !== '' && !contentType.startsWith('application/x-www-form-urlencoded')) {
        throw new ApiError(415, 'UnsupportedMediaType', 'The content type must be "application/json".')
      }
      if (isV3) this.verifyV3(req, query, body)
      else this.verifyV1(req.method ?? 'GET', params)
      answer = this.perform(action, params, isV3 ? String(req.headers['x-acs-version']) : (params['Version'] ?? ''))
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      status = error.status
      // The service takes a given RequestId as the request's id, on errors too.
      answer = {
        RequestId: params['RequestId'] || randomUUID().toUpperCase(),
        HostId: req.headers.host,
        Code: error.code,
        Message: error.message
      }
    }
    if (fault?.kind === 'apply-then-reset') {
      record.code = 'fault:apply-then-reset'
      req.socket.destroy()
      return
    }
    this.sendJson(res, record, status, answer)
  }

  private sendJson(
    res: http.ServerResponse,
    record: RecordedRequest,
    status: number,
    answer: Record<string, unknown>,
    extraHeaders: Record<string, string> = {}
  ): void {
    record.status = status
    record.code = typeof answer['Code'] === 'string' ? answer['Code'] : ''
    res.writeHead(status, {
      'content-type': 'application/json;charset=utf-8',
      'x-acs-request-id': String(answer['RequestId'] ?? ''),
      ...extraHeaders
    })
    res.end(JSON.stringify(answer))
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

  private verifyV3(req: http.IncomingMessage, query: Record<string, string>, body: string): void {
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(req.headers))
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
    const request = {
      method: req.method,
      pathname: new URL(req.url ?? '/', 'http://e').pathname,
      query,
      headers: signedHeaders
    }
    const expected = OpenApiUtil.getAuthorization(
      request as unknown as Parameters<typeof OpenApiUtil.getAuthorization>[0],
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

  private perform(action: string, params: Record<string, string>, version: string): Record<string, unknown> {
    if (version !== API_VERSION) {
      throw new ApiError(
        400,
        'APIVersionNotSupported',
        `The requested API version '${version}' is not supported yet. Please check.`
      )
    }
    if (action !== 'DeleteFlow' && action !== 'DescribeFlow') {
      throw new ApiError(
        400,
        'ActionNotSupported',
        `The requested API operation '${action}' is incorrect. Please check.`
      )
    }
    const name = params['Name']
    if (!name) throw new ApiError(400, 'MissingRequiredParams', "The HTTP query 'Name' must be specified.")
    const requestId = params['RequestId'] || randomUUID().toUpperCase()
    const record = this.flowRecords.get(name)
    if (action === 'DeleteFlow') {
      if (!record || record.deletedAt !== undefined)
        throw new ApiError(404, 'FlowNotExists', `Flow ${name} does not exist.`)
      record.deletedAt = this.now()
      return { RequestId: requestId }
    }
    if (!record || !this.isVisible(name)) throw new ApiError(404, 'FlowNotExists', `Flow ${name} does not exist.`)
    return {
      RequestId: requestId,
      Name: name,
      Id: record.id,
      Type: 'FDL',
      Definition: 'version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: hello',
      Description: '',
      ExecutionMode: 'Standard',
      CreatedTime: record.createdTime,
      LastModifiedTime: record.createdTime
    }
  }
}

export async function startFnfEmulator(options: FnfEmulatorOptions = {}): Promise<FnfEmulator> {
  return new FnfEmulator(options).start()
}
