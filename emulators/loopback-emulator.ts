/**
 * What both API emulators share: an HTTP server on 127.0.0.1, a record of every request, latency,
 * and a queue of injected faults (JSON errors with any status, gateway HTML pages, dropped
 * connections, requests never answered, calls carried out whose answer is then lost).
 */
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/**
 * A JSON error body as the service sends it (any status: 500, 503, 409, 429, or 400 Throttling.User).
 * The message may be built from the request (a service that echoes what it was sent), and the
 * request id given (a hostile one, say).
 */
export type ErrorFault = {
  kind: 'error'
  status: number
  code: string
  message?: string | ((request: ReceivedRequest) => string)
  retryAfter?: string
  requestId?: string
}

/** The fault's message for this request, or `fallback`. */
export function faultMessage(fault: ErrorFault, request: ReceivedRequest, fallback: string): string {
  if (typeof fault.message === 'function') return fault.message(request)
  return fault.message ?? fallback
}

/** A value fit for a header: what HTTP forbids in one (line breaks, other controls) becomes '?'. */
export function headerSafe(value: string): string {
  // eslint-disable-next-line no-control-regex -- the characters HTTP forbids in header values
  return value.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '?')
}

export type EmulatorFault =
  | ErrorFault
  /** An HTML page, as a gateway or load balancer sends it. */
  | { kind: 'html'; status: number }
  /** The connection is dropped before any answer. */
  | { kind: 'reset' }
  /** The connection is accepted and never answered. */
  | { kind: 'hang' }
  /** The call is carried out, then the connection is dropped: the answer is lost. */
  | { kind: 'apply-then-reset' }
  /** The call is carried out and its answer starts, then the connection is dropped mid-body. */
  | { kind: 'apply-then-cut' }
  /** Any status, body and headers, as given (truncated JSON, the wrong shape, an empty body…). */
  | { kind: 'raw'; status: number; body: string; contentType?: string; headers?: Record<string, string> }
  /** A redirect to `location`. */
  | { kind: 'redirect'; status: 301 | 302 | 303 | 307 | 308; location: string }
  /** A 200 whose body is `bytes` long (50 MB, say), sent as fast as the client reads it. */
  | { kind: 'huge'; bytes: number }
  /** A 200 whose body never ends: a chunk every 50 ms until the client goes away. */
  | { kind: 'endless' }

/**
 * How the emulated service limits its rate (answering its throttle error above it):
 * - token-bucket: `burst` requests at once, refilled at `perSecond` (Serverless Workflow documents
 *   10 burst and 2 a second per account for most calls);
 * - fixed-window: at most `limit` accepted requests per clock-aligned window of `windowMs`;
 * - sliding-window: at most `limit` accepted requests in any trailing `windowMs`;
 * - scripted: the listed answers in order (true: throttle), then none throttled.
 */
export type LimiterShape =
  | { kind: 'token-bucket'; burst: number; perSecond: number }
  | { kind: 'fixed-window'; limit: number; windowMs?: number }
  | { kind: 'sliding-window'; limit: number; windowMs?: number }
  | { kind: 'scripted'; throttle: boolean[] }

export interface FaultRule {
  fault: EmulatorFault
  /** How many matching requests it hits (default 1). */
  times?: number
  /** Only requests for this action (default: any). */
  action?: string
  /** Only requests about this target, as the emulator names it (EnOS search: `<flowId>/<type>/<pageNo>`). */
  target?: string
}

export interface RecordedRequest {
  method: string
  /** The API action (DeleteFlow, cancel, token…). */
  action: string
  /** The flow name or flow instance id the request is about, if any. */
  target: string
  /** How it was authenticated: v1, v3, token, signed or none. */
  auth: string
  status: number
  code: string
  /** Everything as received (tests look for leaked values). */
  raw: { url: string; headers: http.IncomingHttpHeaders; body: string }
  /** A fault or the rate limit answered instead of the service. */
  faulted?: boolean
  /** When the request arrived, on the emulator's clock. */
  at: number
}

export interface ReceivedRequest {
  method: string
  url: URL
  headers: http.IncomingHttpHeaders
  body: string
  /** The body was larger than the emulator reads. */
  bodyTooLarge: boolean
}

export interface Answer {
  status: number
  body: Record<string, unknown>
  headers?: Record<string, string>
  /** The error code, for the record ('' on success). */
  code: string
}

export const MAX_BODY_BYTES = 1024 * 1024

export abstract class LoopbackEmulator {
  readonly requests: RecordedRequest[] = []
  latencyMs: number
  /** The service's rate limit, if any (see LimiterShape). */
  limiter: LimiterShape | undefined
  /** How many requests were throttled by the rate limit. */
  throttledCount = 0
  private bucket = { tokens: 0, at: Number.NaN }
  private readonly acceptedAt: number[] = []
  private window = { start: Number.NaN, count: 0 }
  private scriptedAnswers = 0
  /**
   * The Date header of the service's answers: its clock (undefined), none at all (null: a proxy
   * that drops it), or this text as it is (a header that is not a date).
   */
  dateHeader: string | null | undefined = undefined
  protected readonly now: () => number
  private readonly server: http.Server
  private readonly sockets = new Set<Socket>()
  private readonly faults: (FaultRule & { remaining: number })[] = []
  private port = 0

  constructor(options: { latencyMs?: number; now?: () => number }) {
    this.latencyMs = options.latencyMs ?? 0
    this.now = options.now ?? Date.now
    this.server = http.createServer((req, res) => void this.handle(req, res))
    this.server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
  }

  /** Which action and target a request is for, and how it is authenticated. */
  protected abstract describe(request: ReceivedRequest): Pick<RecordedRequest, 'action' | 'target' | 'auth'>
  /** The service's answer to a request no fault intercepted: its checks and its behaviour. */
  protected abstract answer(request: ReceivedRequest): Answer
  /** The answer an injected error fault gives, in the service's own shape. */
  protected abstract errorAnswer(fault: ErrorFault, request: ReceivedRequest): Answer
  /** The error the service answers when the rate limit is exceeded. */
  protected abstract readonly throttleFault: ErrorFault

  /** A token bucket of one second's burst at this rate (the shape most tests want); 0: no limit. */
  set rateLimitPerSecond(perSecond: number) {
    this.limiter = perSecond > 0 ? { kind: 'token-bucket', burst: perSecond, perSecond } : undefined
  }

  /** Counts the request against the limit; false when it is over the limit (and is not counted). */
  private withinRateLimit(): boolean {
    const limiter = this.limiter
    if (!limiter) return true
    const now = this.now()
    switch (limiter.kind) {
      case 'token-bucket': {
        if (Number.isNaN(this.bucket.at)) this.bucket = { tokens: limiter.burst, at: now }
        this.bucket.tokens = Math.min(
          limiter.burst,
          this.bucket.tokens + ((now - this.bucket.at) / 1000) * limiter.perSecond
        )
        this.bucket.at = now
        if (this.bucket.tokens < 1) return false
        this.bucket.tokens -= 1
        return true
      }
      case 'fixed-window': {
        const windowMs = limiter.windowMs ?? 1000
        const start = Math.floor(now / windowMs) * windowMs
        if (start !== this.window.start) this.window = { start, count: 0 }
        if (this.window.count >= limiter.limit) return false
        this.window.count++
        return true
      }
      case 'sliding-window': {
        const windowMs = limiter.windowMs ?? 1000
        while (this.acceptedAt.length > 0 && this.acceptedAt[0]! <= now - windowMs) this.acceptedAt.shift()
        if (this.acceptedAt.length >= limiter.limit) return false
        this.acceptedAt.push(now)
        return true
      }
      case 'scripted':
        return !limiter.throttle[this.scriptedAnswers++]
    }
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

  injectFault(rule: FaultRule): void {
    this.faults.push({ ...rule, remaining: rule.times ?? 1 })
  }

  clearFaults(): void {
    this.faults.length = 0
  }

  /** Faults that answer below the API (or never): the service's own checks do not run. */
  private applyTransportFault(
    fault: Exclude<EmulatorFault, ErrorFault | { kind: 'apply-then-reset' } | { kind: 'apply-then-cut' }>,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    record: RecordedRequest
  ): void {
    const date = this.httpDate()
    switch (fault.kind) {
      case 'hang':
        return
      case 'reset':
        req.socket.destroy()
        return
      case 'html':
        record.status = fault.status
        res.writeHead(fault.status, { 'content-type': 'text/html', date })
        res.end(
          `<html><head><title>${fault.status} Bad Gateway</title></head><body><h1>${fault.status} Bad Gateway</h1><hr>gateway</body></html>`
        )
        return
      case 'raw':
        record.status = fault.status
        res.writeHead(fault.status, {
          'content-type': fault.contentType ?? 'application/json;charset=utf-8',
          date,
          ...fault.headers
        })
        res.end(fault.body)
        return
      case 'redirect':
        record.status = fault.status
        res.writeHead(fault.status, { location: fault.location, date })
        res.end()
        return
      case 'huge':
      case 'endless': {
        record.status = 200
        res.writeHead(200, { 'content-type': 'application/json;charset=utf-8', date })
        const chunk = Buffer.alloc(64 * 1024, 'x')
        res.write('{"RequestId":"')
        if (fault.kind === 'endless') {
          const timer = setInterval(() => res.write(chunk), 50)
          res.once('close', () => clearInterval(timer))
          return
        }
        let sent = 0
        const more = (): void => {
          while (sent < fault.bytes && !res.destroyed) {
            sent += chunk.length
            if (!res.write(chunk)) return void res.once('drain', more)
          }
          res.end()
        }
        more()
      }
    }
  }

  /** The Date header from the emulator's own clock (which tests may set off from the runner's). */
  private httpDate(): string {
    return new Date(this.now()).toUTCString()
  }

  private takeFault(action: string, target: string): EmulatorFault | undefined {
    const rule = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (f.action === undefined || f.action === action) &&
        (f.target === undefined || f.target === target)
    )
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
    const request: ReceivedRequest = {
      method: req.method ?? 'GET',
      url: new URL(req.url ?? '/', 'http://emulator'),
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      bodyTooLarge: size > MAX_BODY_BYTES
    }
    const record: RecordedRequest = {
      method: request.method,
      ...this.describe(request),
      status: 0,
      code: '',
      raw: { url: req.url ?? '', headers: req.headers, body: request.body },
      at: this.now()
    }
    this.requests.push(record)
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs))

    const fault = this.withinRateLimit()
      ? this.takeFault(record.action, record.target)
      : (this.throttledCount++, this.throttleFault)
    record.faulted = fault !== undefined
    if (fault && fault.kind !== 'error' && fault.kind !== 'apply-then-reset' && fault.kind !== 'apply-then-cut') {
      record.code = `fault:${fault.kind}`
      this.applyTransportFault(fault, req, res, record)
      return
    }
    const answer = fault?.kind === 'error' ? this.errorAnswer(fault, request) : this.answer(request)
    if (fault?.kind === 'apply-then-reset') {
      record.code = 'fault:apply-then-reset'
      req.socket.destroy()
      return
    }
    if (fault?.kind === 'apply-then-cut') {
      record.code = 'fault:apply-then-cut'
      const body = JSON.stringify(answer.body)
      res.writeHead(answer.status, {
        'content-type': 'application/json;charset=utf-8',
        'content-length': Buffer.byteLength(body)
      })
      res.write(body.slice(0, body.length >> 1), () => req.socket.destroy())
      return
    }
    record.status = answer.status
    record.code = answer.code
    // Node adds a Date of its own unless told not to.
    res.sendDate = false
    res.writeHead(answer.status, {
      'content-type': 'application/json;charset=utf-8',
      ...(this.dateHeader === null ? {} : { date: this.dateHeader ?? this.httpDate() }),
      ...answer.headers
    })
    res.end(JSON.stringify(answer.body))
  }
}
