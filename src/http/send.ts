/**
 * One HTTP exchange with node-fetch: a per-attempt timeout that covers the whole body, a cap on
 * how much of a body is read, redirects refused (never followed with credentials), and transport
 * failures turned into errors whose messages carry no URL (a V1 URL holds the signature and any
 * STS token).
 */
import http from 'node:http'
import https from 'node:https'
import fetch from 'node-fetch'
import { VERSION } from './version.js'
import { proxyFor } from './proxy.js'

export interface HttpRequest {
  method: 'GET' | 'POST'
  url: string
  headers: Record<string, string>
  body?: string
}

export interface HttpResponse {
  status: number
  statusText: string
  /** Lower-case names. */
  headers: Record<string, string>
  body: string
}

export interface SendOptions {
  timeoutMs: number
  maxBodyBytes?: number
  /** The run's: once aborted (the job cancelled), the request in flight is aborted too. */
  signal?: AbortSignal
}

/** Bodies larger than this are not read: no answer of these APIs comes near it. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024

export const USER_AGENT = `flow-ops/${VERSION} node/${process.versions.node}`

/**
 * not-sent: the request could not be built or handed to the network (nothing reached any server);
 * aborted: the run was cancelled while the request was in flight (it may have reached the service).
 */
export type TransportErrorKind =
  'timeout' | 'network' | 'dns' | 'tls' | 'redirect' | 'too-large' | 'not-sent' | 'aborted'

export class TransportError extends Error {
  constructor(
    readonly kind: TransportErrorKind,
    message: string,
    /** The request may have reached the server (it was sent and the answer was lost). */
    readonly mayHaveLanded: boolean,
    readonly httpStatus?: number
  ) {
    super(message)
    this.name = 'TransportError'
  }
}

// Keep-alive lets several targets of one run share a connection; idle sockets do not hold the process open.
const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true })
}
const proxyAgents = new Map<string, http.Agent>()

/**
 * The agent for a URL: direct, or through the environment's proxy with CONNECT (for http and
 * https targets alike). The proxy agent is loaded only when a proxy is in use.
 */
async function agentFor(url: URL, target: string): Promise<http.Agent> {
  const proxy = proxyFor(url.href)
  if (!proxy) return agents[url.protocol as keyof typeof agents]
  let agent = proxyAgents.get(proxy)
  if (!agent) {
    const { HttpsProxyAgent } = await import('https-proxy-agent')
    try {
      agent = new HttpsProxyAgent(proxy, { keepAlive: true })
    } catch {
      // inputs.ts refuses such a proxy up front; this keeps a changed environment from sending anyway.
      throw new TransportError(
        'not-sent',
        `${target}: not sent: the proxy URL from the environment cannot be read`,
        false
      )
    }
    proxyAgents.set(proxy, agent)
  }
  return agent
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN'])

function isTlsFailure(code: string): boolean {
  return /CERT|SELF_SIGNED|TLS|SSL|UNABLE_TO_VERIFY/.test(code)
}

/** The system reason of a node-fetch FetchError, without its "request to <url> failed" prefix. */
function transportReason(error: { message?: string; code?: string }): string {
  const message = String(error.message ?? '')
  const reason = message.includes('reason: ') ? message.slice(message.indexOf('reason: ') + 8) : message
  return reason.replace(/https?:\/\/\S+/g, (url) => url.split('?')[0] ?? '')
}

/**
 * `answered`: the status line had arrived, so the request was sent whatever the error (node-fetch
 * reports a body cut off mid-way as a plain Error, ERR_STREAM_PREMATURE_CLOSE, not a FetchError).
 */
function toTransportError(
  error: unknown,
  target: string,
  {
    timedOut,
    timeoutMs,
    answered,
    aborted
  }: { timedOut: boolean; timeoutMs: number; answered: boolean; aborted: boolean }
): TransportError {
  if (aborted) {
    return new TransportError(
      'aborted',
      `${target}: aborted: the run was cancelled while the request was in flight`,
      true
    )
  }
  if (timedOut) {
    return new TransportError('timeout', `${target} did not answer within ${timeoutMs / 1000} s`, true)
  }
  if (error instanceof TransportError) return error
  const code = String((error as { code?: unknown })?.code ?? 'UNKNOWN')
  if (!answered && (error as { name?: unknown })?.name !== 'FetchError') {
    // node-fetch reports everything that happened on the network as a FetchError; anything else
    // (a header value Node refuses, say) was thrown before the request was sent.
    return new TransportError(
      'not-sent',
      `${target}: not sent: the request could not be built (${code}: ${transportReason(error as { message?: string })})`,
      false
    )
  }
  const reason = transportReason(error as { message?: string })
  if (DNS_CODES.has(code)) {
    return new TransportError('dns', `${target}: the host name could not be resolved (${code})`, false)
  }
  if (isTlsFailure(code)) {
    return new TransportError('tls', `${target}: TLS verification failed (${code}): ${reason}`, false)
  }
  return new TransportError('network', `${target}: ${reason} (${code})`, answered || !NOT_SENT_CODES.has(code))
}

/** ` to <origin>` for a redirect's Location, or what is wrong with it; never throws. */
function redirectTarget(location: string | null, base: URL): string {
  if (!location) return ' without a Location'
  try {
    return ` to ${new URL(location, base).origin}`
  } catch {
    return ' to a Location that is not a URL'
  }
}

async function readCapped(body: NodeJS.ReadableStream | null, maxBytes: number): Promise<string> {
  if (!body) return ''
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string)
    size += buffer.length
    if (size > maxBytes) {
      ;(body as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.()
      throw new TransportError(
        'too-large',
        `the response body exceeded ${Math.round(maxBytes / 1024)} KiB and was not read further`,
        true
      )
    }
    chunks.push(buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export async function sendHttp(request: HttpRequest, options: SendOptions): Promise<HttpResponse> {
  const url = new URL(request.url)
  const target = `${request.method} ${url.origin}`
  if (options.signal?.aborted) throw new TransportError('aborted', `${target}: not sent: the run was cancelled`, false)
  const controller = new AbortController()
  let timedOut = false
  let aborted = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, options.timeoutMs)
  const onRunAborted = () => {
    aborted = true
    controller.abort()
  }
  options.signal?.addEventListener('abort', onRunAborted, { once: true })
  let answered = false
  try {
    const response = await fetch(url.href, {
      method: request.method,
      headers: { 'user-agent': USER_AGENT, ...request.headers },
      body: request.body,
      redirect: 'manual',
      signal: controller.signal,
      agent: await agentFor(url, target),
      compress: true
    })
    answered = true
    if (response.status >= 300 && response.status < 400) {
      response.body?.resume()
      const where = redirectTarget(response.headers.get('location'), url)
      throw new TransportError(
        'redirect',
        `${request.method} ${url.origin} answered HTTP ${response.status}, a redirect${where}; redirects are not followed, so credentials never go to another host`,
        false,
        response.status
      )
    }
    const body = await readCapped(response.body, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)
    const headers: Record<string, string> = {}
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value
    })
    return { status: response.status, statusText: response.statusText, headers, body }
  } catch (error) {
    throw toTransportError(error, target, { timedOut, timeoutMs: options.timeoutMs, answered, aborted })
  } finally {
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', onRunAborted)
  }
}
