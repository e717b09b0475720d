/** sendHttp against small loopback servers that misbehave in one way each. */
import { afterEach, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import zlib from 'node:zlib'
import { sendHttp, TransportError } from '../../../src/http/send.js'

let server: http.Server | undefined
afterEach(async () => {
  if (!server) return
  server.closeAllConnections()
  await new Promise((resolve) => server!.close(resolve))
  server = undefined
})

async function serve(handler: http.RequestListener): Promise<string> {
  server = http.createServer(handler)
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

async function transportError(promise: Promise<unknown>): Promise<TransportError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof TransportError) return error
    throw error
  }
  throw new Error('expected a TransportError')
}

describe('sendHttp', () => {
  it('the run’s signal aborts a request in flight, which may have landed; an aborted signal sends nothing', async () => {
    let received = 0
    const url = await serve(() => void received++) // never answers
    const run = new AbortController()
    const pending = transportError(
      sendHttp({ method: 'POST', url: `${url}/`, headers: {} }, { timeoutMs: 60_000, signal: run.signal })
    )
    await new Promise((resolve) => setTimeout(resolve, 100))
    run.abort('SIGTERM')
    const aborted = await pending
    expect([aborted.kind, aborted.mayHaveLanded]).toEqual(['aborted', true])
    expect(aborted.message).toBe(`POST ${url}: aborted: the run was cancelled while the request was in flight`)
    expect(received).toBe(1)
    const notSent = await transportError(
      sendHttp({ method: 'POST', url: `${url}/`, headers: {} }, { timeoutMs: 60_000, signal: run.signal })
    )
    expect([notSent.kind, notSent.mayHaveLanded]).toEqual(['aborted', false])
    expect(received).toBe(1)
  })

  it('returns status, lower-case headers and body, and sends a User-Agent', async () => {
    let userAgent = ''
    const url = await serve((req, res) => {
      userAgent = String(req.headers['user-agent'])
      res.writeHead(201, { 'X-Thing': 'v' }).end('hello')
    })
    const response = await sendHttp({ method: 'GET', url: `${url}/`, headers: {} }, { timeoutMs: 2000 })
    expect([response.status, response.headers['x-thing'], response.body]).toEqual([201, 'v', 'hello'])
    expect(userAgent).toMatch(/^flow-ops\/\d+\.\d+\.\d+ node\/\d+/)
  })

  it('refuses to follow a redirect and names where it pointed', async () => {
    let hits = 0
    const url = await serve((_req, res) => {
      hits++
      res.writeHead(307, { location: 'https://elsewhere.example.com/steal' }).end()
    })
    const error = await transportError(
      sendHttp({ method: 'POST', url: `${url}/?Signature=s`, headers: {}, body: 'Name=x' }, { timeoutMs: 2000 })
    )
    expect(error.kind).toBe('redirect')
    expect(error.httpStatus).toBe(307)
    expect(error.message).toBe(
      `POST ${url} answered HTTP 307, a redirect to https://elsewhere.example.com; redirects are not followed, so credentials never go to another host`
    )
    expect(hits).toBe(1)
  })

  it('stops reading a body past the cap', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200)
      const chunk = Buffer.alloc(64 * 1024, 'a')
      let sent = 0
      const pump = () => {
        while (sent < 50 * 1024 * 1024) {
          sent += chunk.length
          if (!res.write(chunk)) return void res.once('drain', pump)
        }
        res.end()
      }
      pump()
    })
    const error = await transportError(
      sendHttp({ method: 'GET', url: `${url}/`, headers: {} }, { timeoutMs: 10_000, maxBodyBytes: 1024 * 1024 })
    )
    expect(error.kind).toBe('too-large')
    expect(error.message).toBe('the response body exceeded 1024 KiB and was not read further')
  })

  it('times out a body that never ends', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200)
      res.write('{"RequestId":')
    })
    const error = await transportError(
      sendHttp({ method: 'GET', url: `${url}/?AccessKeyId=k`, headers: {} }, { timeoutMs: 200 })
    )
    expect(error.kind).toBe('timeout')
    expect(error.message).toBe(`GET ${url} did not answer within 0.2 s`)
    expect(error.mayHaveLanded).toBe(true)
  })

  it('reports a refused connection without the URL’s query', async () => {
    const url = await serve(() => {})
    const port = new URL(url).port
    await new Promise((resolve) => server!.close(resolve))
    server = undefined
    const error = await transportError(
      sendHttp({ method: 'GET', url: `${url}/?Signature=secret-sig`, headers: {} }, { timeoutMs: 2000 })
    )
    expect(error.kind).toBe('network')
    expect(error.mayHaveLanded).toBe(false)
    expect(error.message).toBe(`GET http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port} (ECONNREFUSED)`)
  })

  it('sends the request node-fetch builds: its default headers, lower-case names in order, a length for the body', async () => {
    const seen: string[][] = []
    const url = await serve((req, res) => {
      seen.push(req.rawHeaders.slice(0, -4)) // Host and Connection come last, from Node
      req.resume().on('end', () => res.end('{}'))
    })
    const options = { timeoutMs: 2000 }
    await sendHttp(
      { method: 'POST', url: `${url}/`, headers: { 'Content-Type': 'application/json' }, body: '{"a":"é"}' },
      options
    )
    await sendHttp({ method: 'POST', url: `${url}/`, headers: {}, body: 'plain' }, options)
    await sendHttp({ method: 'GET', url: `${url}/`, headers: { 'X-Token': 't' } }, options)
    const ua = seen[0]![seen[0]!.indexOf('user-agent') + 1]!
    expect(seen).toEqual([
      [
        'accept',
        '*/*',
        'accept-encoding',
        'gzip, deflate, br',
        'content-length',
        '10',
        'content-type',
        'application/json',
        'user-agent',
        ua
      ],
      [
        'accept',
        '*/*',
        'accept-encoding',
        'gzip, deflate, br',
        'content-length',
        '5',
        'content-type',
        'text/plain;charset=UTF-8',
        'user-agent',
        ua
      ],
      ['accept', '*/*', 'accept-encoding', 'gzip, deflate, br', 'user-agent', ua, 'x-token', 't']
    ])
  })

  it.each([
    ['gzip', 'gzip', zlib.gzipSync],
    ['deflate (zlib)', 'deflate', zlib.deflateSync],
    ['deflate (raw)', 'deflate', zlib.deflateRawSync],
    ['br', 'br', zlib.brotliCompressSync]
  ])('decodes a %s body', async (_label, encoding, encode) => {
    const url = await serve((_req, res) =>
      res.writeHead(200, { 'content-encoding': encoding }).end(encode('{"RequestId":"R"}'))
    )
    const response = await sendHttp({ method: 'GET', url: `${url}/`, headers: {} }, { timeoutMs: 2000 })
    expect(response.body).toBe('{"RequestId":"R"}')
  })

  it('holds the cap after decoding: a small gzip body that unpacks past it is not read', async () => {
    const url = await serve((_req, res) =>
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(zlib.gzipSync(Buffer.alloc(4 * 1024 * 1024, 'a')))
    )
    const error = await transportError(
      sendHttp({ method: 'GET', url: `${url}/`, headers: {} }, { timeoutMs: 2000, maxBodyBytes: 1024 * 1024 })
    )
    expect(error.kind).toBe('too-large')
  })

  it('reports an answer cut off mid-body as a network failure that may have landed', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' })
      res.write('{"RequestId":', () => res.socket?.destroy())
    })
    const error = await transportError(
      sendHttp({ method: 'POST', url: `${url}/`, headers: {}, body: 'x' }, { timeoutMs: 2000 })
    )
    expect(error.kind).toBe('network')
    expect(error.mayHaveLanded).toBe(true)
  })

  it('sends nothing when a header cannot be sent (a line break in a credential)', async () => {
    let hits = 0
    const url = await serve((_req, res) => void (hits++, res.end()))
    const error = await transportError(
      sendHttp({ method: 'GET', url: `${url}/`, headers: { authorization: 'a\r\nb' } }, { timeoutMs: 2000 })
    )
    expect(error.kind).toBe('not-sent')
    expect(error.mayHaveLanded).toBe(false)
    expect(error.message).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+: not sent: the request could not be built \(ERR_INVALID_CHAR: /
    )
    expect(hits).toBe(0)
  })
})
