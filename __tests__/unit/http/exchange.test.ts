import { describe, expect, it } from '@jest/globals'
import { interpretEnosResponse } from '../../../src/providers/enos/response.js'
import { exchange } from '../../../src/http/exchange.js'
import { RateController } from '../../../src/http/rate-controller.js'
import { TransportError, type HttpRequest, type HttpResponse } from '../../../src/http/send.js'
import { SecretRegistry } from '../../../src/safety/secrets.js'

const request: HttpRequest = { method: 'GET', url: 'https://h/', headers: {} }
const answer = (status: number): HttpResponse => ({ status, statusText: '', headers: {}, body: '' })
const interpret = (response: HttpResponse) =>
  response.status === 429
    ? ({
        ok: false,
        failure: { code: 'Throttled', message: 'm', transience: 'throttled', mayHaveLanded: false }
      } as const)
    : ({ ok: true, value: response.status } as const)

function deps(send: () => Promise<HttpResponse>, cancelled = false, redact = (text: string) => text) {
  const limiter = new RateController(
    () => 0,
    async () => {}
  )
  return { limiter, deps: { send, limiter, now: () => 0, cancelled: () => cancelled, redact } }
}

describe('exchange', () => {
  it('tells the rate controller whether the service accepted or throttled the request', async () => {
    const accepted = deps(async () => answer(200))
    expect((await exchange(request, { timeoutMs: 1 }, accepted.deps, interpret)).result).toEqual({
      ok: true,
      value: 200
    })
    expect(accepted.limiter.accepted).toBe(1)
    const throttled = deps(async () => answer(429))
    await exchange(request, { timeoutMs: 1 }, throttled.deps, interpret)
    expect(throttled.limiter.throttled).toBe(1)
  })

  it('turns a transport error into an attempt failure that says nothing about the rate', async () => {
    const failing = deps(async () => {
      throw new TransportError('timeout', 'GET https://h did not answer within 1 s', true)
    })
    const { result, response } = await exchange(request, { timeoutMs: 1 }, failing.deps, interpret)
    expect(result).toMatchObject({ ok: false, failure: { code: 'RequestTimeout', mayHaveLanded: true } })
    expect(response).toBeUndefined()
    expect(failing.limiter.accepted + failing.limiter.throttled).toBe(0)
  })

  it('sends nothing once the run is cancelled', async () => {
    let sent = 0
    const cancelled = deps(async () => (sent++, answer(200)), true)
    const { result } = await exchange(request, { timeoutMs: 1 }, cancelled.deps, interpret)
    expect(result).toMatchObject({ ok: false, failure: { code: 'RunCancelled', mayHaveLanded: false } })
    expect(sent).toBe(0)
  })

  it('lets a bug through rather than calling it a network error', async () => {
    const buggy = deps(async () => {
      throw new RangeError('a bug')
    })
    await expect(exchange(request, { timeoutMs: 1 }, buggy.deps, interpret)).rejects.toThrow('a bug')
  })

  describe('a secret echoed in an answer is redacted in the whole message before it is shortened', () => {
    const SECRET = 'Zq8PnW4vKxT2mB7sLd9Fh3Jc6Ny1Rg5W'
    const secrets = new SecretRegistry()
    secrets.add(SECRET)
    const pieces = (text: string) =>
      Array.from({ length: SECRET.length - 3 }, (_, i) => SECRET.slice(i, i + 4).toLowerCase()).filter((p) =>
        text.includes(p)
      )
    const bodies: [string, string, string][] = [
      ['a 502 text body of 110 characters, then the secret', 'text/plain', `${'x'.repeat(110)} ${SECRET} and more`],
      ['a long HTML title', 'text/html', `<html><title>${'Bad gateway '.repeat(9)}${SECRET}</title></html>`],
      ['a body of 1100 characters, then the secret', 'text/plain', `${'y '.repeat(550)}${SECRET}`],
      [
        'the secret split by a line break after 1000 characters',
        'text/plain',
        `${'z'.repeat(1000)}${SECRET.slice(0, 30)}\n${SECRET.slice(30)}`
      ],
      // The message starts 'a body that is not JSON (text/plain): "' (39 characters) and is cut at
      // 1024: these put the cut inside the secret, where shortening first would leave a piece of it.
      ['the secret across the cut', 'text/plain', `${'w'.repeat(975)}${SECRET} and more`],
      [
        'the secret in upper case, split by a line break, across the cut',
        'text/plain',
        `${'v'.repeat(975)}${SECRET.toUpperCase().slice(0, 9)}\n${SECRET.toUpperCase().slice(9)} and more`
      ]
    ]
    it.each(bodies)('%s', async (_label, type, body) => {
      const gateway = deps(
        async () => ({ status: 502, statusText: 'Bad Gateway', headers: { 'content-type': type }, body }),
        false,
        (text) => secrets.redact(text)
      )
      const { result } = await exchange(request, { timeoutMs: 1 }, gateway.deps, interpretEnosResponse)
      if (result.ok) throw new Error('a 502 is a failure')
      expect(pieces(result.failure.message.toLowerCase().replace(/\n/g, ''))).toEqual([])
      expect(result.failure.message.length).toBeLessThanOrEqual(1024 + '… (shortened)'.length)
      // Shortened outside the ***, or not at all.
      expect(result.failure.message).not.toMatch(/(^|[^*])\*{1,2}…/)
    })
  })
})
